import { ActionIcon, Badge, Group, Paper, Tooltip } from '@mantine/core';
import { IconFocus, IconPolygon, IconRadius, IconTrash } from '../../ui/icons';
import type { DrawMode } from './DetectionMap';

/** The search area's tools on the map: draw a radius or a polygon, clear it, fit the results; its size. */
export function MapToolbar({
  ready,
  drawMode,
  onDrawModeChange,
  canClear,
  onClear,
  onFit,
  readout,
}: {
  ready: boolean;
  drawMode: DrawMode;
  onDrawModeChange: (mode: DrawMode) => void;
  canClear: boolean;
  onClear: () => void;
  onFit: () => void;
  readout: string | null;
}) {
  const toggle = (mode: DrawMode) => onDrawModeChange(drawMode === mode ? 'none' : mode);
  return (
    <Paper className="map-toolbar" shadow="sm" p={4} radius="md" role="toolbar" aria-label="Search area">
      <Group gap={4} wrap="nowrap">
        <Tooltip label="Draw a radius: press at the centre and drag">
          <ActionIcon
            variant={drawMode === 'radius' ? 'filled' : 'subtle'}
            size="lg"
            aria-label="Draw a radius"
            aria-pressed={drawMode === 'radius'}
            onClick={() => toggle('radius')}
            disabled={!ready}
          >
            <IconRadius />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Draw a polygon: click corners, double-click or Enter to finish">
          <ActionIcon
            variant={drawMode === 'polygon' ? 'filled' : 'subtle'}
            size="lg"
            aria-label="Draw a polygon"
            aria-pressed={drawMode === 'polygon'}
            onClick={() => toggle('polygon')}
            disabled={!ready}
          >
            <IconPolygon />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Clear the search area">
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label="Clear the search area"
            onClick={onClear}
            disabled={!canClear}
          >
            <IconTrash />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Fit the map to the results">
          <ActionIcon variant="subtle" size="lg" aria-label="Fit the map to the results" onClick={onFit}>
            <IconFocus />
          </ActionIcon>
        </Tooltip>
        {readout ? (
          <Badge variant="light" size="lg" className="mono" data-testid="map-area-readout" ml={2}>
            {readout}
          </Badge>
        ) : null}
      </Group>
    </Paper>
  );
}
