import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Group, Slider, Stack, Text, Tooltip } from '@mantine/core';
import type { EvidenceImage } from '../../../../preload/contract';
import { IconPhotoOff, IconRefresh, IconZoomIn, IconZoomOut } from '../../ui/icons';

const MIN_ZOOM = 1;
const MAX_ZOOM = 8;

type View = { zoom: number; x: number; y: number; contrast: number; brightness: number };
const RESET: View = { zoom: 1, x: 0, y: 0, contrast: 100, brightness: 100 };

function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100));
}

/**
 * An evidence image to examine: zoom (wheel, buttons, + and - keys), pan (drag, arrow keys), contrast and
 * brightness (CSS filters on the displayed copy; the stored evidence is never altered), reset.
 */
export function ImageViewer({
  image,
  title,
  missing,
  height,
  testId,
  mark = null,
}: {
  image: EvidenceImage | null;
  title: string;
  /** Why there is no image, in words. */
  missing: string;
  height: number;
  testId: string;
  /** A region to outline (shares 0..1 of the image as shown), with what it is in words. */
  mark?: { x: number; y: number; width: number; height: number; label: string } | null;
}) {
  const [view, setView] = useState<View>(RESET);
  const frame = useRef<HTMLDivElement>(null);
  const dragging = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => setView(RESET), [image?.sha256]);

  // React's wheel listeners are passive; zooming must stop the drawer from scrolling, so listen natively.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const factor = e.deltaY < 0 ? 1.2 : 1 / 1.2;
      setView((v) => {
        const zoom = clampZoom(v.zoom * factor);
        return zoom === 1 ? { ...v, zoom, x: 0, y: 0 } : { ...v, zoom };
      });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [image]);

  if (!image) {
    return (
      <Stack gap={4}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {title}
        </Text>
        <div className="image-missing" style={{ height: Math.min(height, 120) }} data-testid={`${testId}-missing`}>
          <IconPhotoOff size={22} />
          <Text size="xs" c="dimmed" ta="center" maw={320}>
            {missing}
          </Text>
        </div>
      </Stack>
    );
  }

  const zoomBy = (factor: number) =>
    setView((v) => {
      const zoom = clampZoom(v.zoom * factor);
      return zoom === 1 ? { ...v, zoom, x: 0, y: 0 } : { ...v, zoom };
    });
  const pan = (dx: number, dy: number) => setView((v) => (v.zoom > 1 ? { ...v, x: v.x + dx, y: v.y + dy } : v));
  // The image and any outline on it move together.
  const transform = `scale(${view.zoom}) translate(${view.x}px, ${view.y}px)`;
  const changed = view.zoom !== 1 || view.contrast !== 100 || view.brightness !== 100 || view.x !== 0 || view.y !== 0;

  return (
    <Stack gap={6} data-testid={testId}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {title}{' '}
          <Text span size="xs" fw={400} tt="none">
            · {image.width}×{image.height} · {Math.round(view.zoom * 100)}%
          </Text>
        </Text>
        <Group gap={2} wrap="nowrap">
          <Tooltip label="Zoom out (−)">
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label={`Zoom out of the ${title.toLowerCase()}`}
              onClick={() => zoomBy(1 / 1.5)}
              disabled={view.zoom <= MIN_ZOOM}
            >
              <IconZoomOut size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Zoom in (+)">
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label={`Zoom into the ${title.toLowerCase()}`}
              onClick={() => zoomBy(1.5)}
              disabled={view.zoom >= MAX_ZOOM}
            >
              <IconZoomIn size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Reset zoom, pan, contrast and brightness">
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label={`Reset the ${title.toLowerCase()}`}
              onClick={() => setView(RESET)}
              disabled={!changed}
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <div
        ref={frame}
        className="image-frame"
        style={{ height, cursor: view.zoom > 1 ? (dragging.current ? 'grabbing' : 'grab') : 'zoom-in' }}
        tabIndex={0}
        role="img"
        aria-label={`${title}, ${Math.round(view.zoom * 100)} percent${mark ? `, ${mark.label} outlined` : ''}. Plus and minus zoom, arrow keys pan, 0 resets.`}
        onKeyDown={(e) => {
          const step = 24;
          if (e.key === '+' || e.key === '=') zoomBy(1.5);
          else if (e.key === '-') zoomBy(1 / 1.5);
          else if (e.key === '0') setView(RESET);
          else if (e.key === 'ArrowLeft') pan(step, 0);
          else if (e.key === 'ArrowRight') pan(-step, 0);
          else if (e.key === 'ArrowUp') pan(0, step);
          else if (e.key === 'ArrowDown') pan(0, -step);
          else return;
          e.preventDefault();
        }}
        onPointerDown={(e) => {
          if (view.zoom <= 1) return;
          dragging.current = { x: e.clientX, y: e.clientY };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = dragging.current;
          if (!d) return;
          const dx = e.clientX - d.x;
          const dy = e.clientY - d.y;
          dragging.current = { x: e.clientX, y: e.clientY };
          setView((v) => ({ ...v, x: v.x + dx / v.zoom, y: v.y + dy / v.zoom }));
        }}
        onPointerUp={() => {
          dragging.current = null;
        }}
        onDoubleClick={() => (view.zoom > 1 ? setView((v) => ({ ...v, zoom: 1, x: 0, y: 0 })) : zoomBy(2))}
      >
        <img
          src={image.dataUrl}
          alt=""
          draggable={false}
          data-testid={`${testId}-img`}
          style={{
            transform,
            filter: `contrast(${view.contrast}%) brightness(${view.brightness}%)`,
          }}
        />
        {mark ? (
          // The image's own coordinates, fitted to the frame as the image is (contain), moved with it.
          <svg
            className="image-mark"
            viewBox={`0 0 ${image.width} ${image.height}`}
            preserveAspectRatio="xMidYMid meet"
            aria-hidden="true"
            data-testid={`${testId}-mark`}
            style={{ transform }}
          >
            <rect
              x={mark.x * image.width}
              y={mark.y * image.height}
              width={mark.width * image.width}
              height={mark.height * image.height}
              vectorEffect="non-scaling-stroke"
            />
          </svg>
        ) : null}
      </div>
      <Group grow gap="md">
        <FilterSlider
          name="Contrast"
          id={`${testId}-contrast`}
          what={title}
          min={50}
          max={300}
          value={view.contrast}
          onChange={(contrast) => setView((v) => ({ ...v, contrast }))}
        />
        <FilterSlider
          name="Brightness"
          id={`${testId}-brightness`}
          what={title}
          min={40}
          max={250}
          value={view.brightness}
          onChange={(brightness) => setView((v) => ({ ...v, brightness }))}
        />
      </Group>
    </Stack>
  );
}

/** One display filter of the image (a percentage), labelled with its value. */
function FilterSlider(props: {
  name: 'Contrast' | 'Brightness';
  id: string;
  what: string;
  min: number;
  max: number;
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" id={props.id}>
        {props.name} {props.value}%
      </Text>
      <Slider
        size="xs"
        min={props.min}
        max={props.max}
        step={10}
        value={props.value}
        onChange={props.onChange}
        label={null}
        thumbLabel={`${props.name} of the ${props.what.toLowerCase()}`}
      />
    </div>
  );
}
