import { useRef, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { MAP_SHARE, clampShare, mainRows, shareAfterDrag } from './layout';

type Props = {
  /** The grid whose rows are map, this handle, the results header and the results. */
  gridRef: RefObject<HTMLDivElement | null>;
  mapRef: RefObject<HTMLElement | null>;
  resultsRef: RefObject<HTMLElement | null>;
  share: number;
  onChange: (share: number) => void;
};

/**
 * The split between the map and the results: drag it, or focus it and use ↑/↓ (Home/End for the limits); a
 * double-click restores the default. While dragging, the grid's rows are set directly (no React render of the
 * 10,000-row table per pointer move); the share is committed when the drag ends.
 */
export function SplitHandle({ gridRef, mapRef, resultsRef, share, onChange }: Props) {
  const drag = useRef<{ y: number; mapPx: number; totalPx: number; share: number } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || !mapRef.current || !resultsRef.current) return;
    const mapPx = mapRef.current.getBoundingClientRect().height;
    const totalPx = mapPx + resultsRef.current.getBoundingClientRect().height;
    drag.current = { y: e.clientY, mapPx, totalPx, share };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || !gridRef.current) return;
    d.share = shareAfterDrag(d.mapPx, d.totalPx, e.clientY - d.y);
    gridRef.current.style.gridTemplateRows = mainRows(d.share);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
    onChange(d.share);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next =
      e.key === 'ArrowUp'
        ? share - MAP_SHARE.step
        : e.key === 'ArrowDown'
          ? share + MAP_SHARE.step
          : e.key === 'Home'
            ? MAP_SHARE.min
            : e.key === 'End'
              ? MAP_SHARE.max
              : null;
    if (next === null) return;
    e.preventDefault();
    onChange(clampShare(next));
  };

  return (
    <div
      className="cv-split"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the map and the results"
      aria-valuemin={Math.round(MAP_SHARE.min * 100)}
      aria-valuemax={Math.round(MAP_SHARE.max * 100)}
      aria-valuenow={Math.round(share * 100)}
      aria-valuetext={`Map ${Math.round(share * 100)} % of the height`}
      tabIndex={0}
      title="Drag to give the map or the results more room (double-click: default)"
      data-testid="map-split"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => onChange(MAP_SHARE.default)}
      onKeyDown={onKeyDown}
    >
      <span className="cv-split-grip" aria-hidden />
    </div>
  );
}
