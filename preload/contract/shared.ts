/**
 * Pieces every domain's contract uses.
 */
import type { ErrorInfo, Result } from '../../main/core/shared/errors';

export type { ErrorInfo, Result };

export type Labelled = { id: string; label: string };
