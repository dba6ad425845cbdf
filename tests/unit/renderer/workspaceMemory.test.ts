import { beforeEach, describe, expect, it } from 'vitest';
import { forgetWorkspace, hasKeptSearch, keepSearch, takeSearch } from '../../../renderer/src/shared/workspaceMemory';

describe('what the search screen keeps across a lock', () => {
  beforeEach(() => forgetWorkspace());

  it('gives the work back to the same user, once', () => {
    keepSearch(4, { plate: '8K*' });
    expect(takeSearch(4)).toEqual({ plate: '8K*' });
    expect(takeSearch(4)).toBeNull();
  });

  it('never gives one user’s work to another, and drops it', () => {
    keepSearch(4, { plate: '8K*' });
    expect(takeSearch(5)).toBeNull();
    expect(hasKeptSearch()).toBe(false);
    expect(takeSearch(4)).toBeNull();
  });

  it('is emptied when the app leaves the signed-in workspace', () => {
    keepSearch(4, { plate: '8K*' });
    forgetWorkspace();
    expect(takeSearch(4)).toBeNull();
  });
});
