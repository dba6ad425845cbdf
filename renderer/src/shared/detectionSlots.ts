import type { ReactNode } from 'react';
import type { CaseSource, Detection, OcrRereadInfo, SearchRow } from '../../../preload/contract';

/**
 * Where other features plug into the detections feature (features never import each other; app/ composes
 * them): a section of a detection's detail, and actions over the result set a search shows.
 */

/** Where a re-read found the plate on the overview photo (shares of the photo), for the images to outline. */
export type FoundRegion = OcrRereadInfo['region'];

/** The detail's "Plate read" section (the OCR re-read today). */
export type PlateReadSlot = (props: {
  detectionId: number;
  plate: string;
  onFound: (region: FoundRegion) => void;
  /** Changes when the person asks for a re-read from the keyboard (a hit's detail: R). */
  rereadRequest?: number;
}) => ReactNode;

/** Buttons on a detection's detail, beside its plate (add it to the case, act on a hit). */
export type DetailActionsSlot = (detection: Detection) => ReactNode;

/** What the results table shows: the rows in view and how to name them. */
export type ResultScope = {
  ids: number[];
  /** In a person's words: "the search results", "the search results in the brushed time span". */
  label: string;
  rows: ReadonlyMap<number, SearchRow>;
  /** Opens a detection in the detail (selecting it in the table when it is in view). */
  openDetection: (id: number) => void;
  /** Tells the search screen a dialog of the action is open (its Esc is the dialog's, not the screen's). */
  onDialog: (open: boolean) => void;
};

/** Actions in the results header over the result set (the batch re-read today). */
export type ResultsActionSlot = (scope: ResultScope | null) => ReactNode;

/**
 * "Add to case" over some detections an analysis lists (the cases feature fills it): why they were listed, in
 * words, is the note it suggests; `source` says which screen found them.
 */
export type CollectSlot = (props: {
  detectionIds: readonly number[];
  note: string;
  source: CaseSource;
  /** The button's words ("Add to case", "Add the pair"). */
  label?: string;
  compact?: boolean;
}) => ReactNode;

/**
 * A detection's detail drawer, as the app composes it (the detections feature's drawer with the other features'
 * sections and actions), for screens of other features that open a read (the case view).
 */
export type DetailSlot = (props: {
  detectionId: number | null;
  onClose: () => void;
  onSelectDetection: (id: number) => void;
}) => ReactNode;
