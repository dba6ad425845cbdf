// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import type { EvidenceImage } from '../../../preload/contract';
import { ImageViewer } from '../../../renderer/src/features/detections/ImageViewer';
import { installMantineShims } from './jsdomShims';

beforeAll(installMantineShims);
afterEach(cleanup);

const OVERVIEW: EvidenceImage = {
  sha256: 'ab'.repeat(32),
  mime: 'image/png',
  width: 640,
  height: 360,
  dataUrl: 'data:,',
};

function show(mark: Parameters<typeof ImageViewer>[0]['mark']) {
  render(
    <MantineProvider>
      <ImageViewer image={OVERVIEW} title="Overview" missing="" height={250} testId="overview-image" mark={mark} />
    </MantineProvider>,
  );
}

describe('the evidence image viewer', () => {
  it("outlines a region in the image's own pixels, fitted to the frame as the image is, and says so", () => {
    show({ x: 280 / 640, y: 256 / 360, width: 80 / 640, height: 28 / 360, label: 'the plate the re-read found' });
    const svg = screen.getByTestId('overview-image-mark');
    expect(svg.getAttribute('viewBox')).toBe('0 0 640 360');
    expect(svg.getAttribute('preserveAspectRatio')).toBe('xMidYMid meet');
    const rect = svg.querySelector('rect')!;
    expect(
      [rect.getAttribute('x'), rect.getAttribute('y'), rect.getAttribute('width'), rect.getAttribute('height')].map(
        Number,
      ),
    ).toEqual([280, 256, 80, 28]);
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('the plate the re-read found outlined');
  });

  it('draws nothing over an image with no region', () => {
    show(null);
    expect(screen.queryByTestId('overview-image-mark')).toBeNull();
    expect(screen.getByRole('img').getAttribute('aria-label')).not.toContain('outlined');
  });
});
