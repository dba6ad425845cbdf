import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { BasemapInfo, BasemapSetting } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { IconCheck, IconClock, IconMap } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';
import { setTimeDisplay, useTimeDisplay } from '../../ui/timeDisplay';
import { useLoad } from '../../ui/useLoad';

/**
 * Settings: the agency's map basemap (administrators change it; main checks a new source before saving it)
 * and this user's display preferences, kept on this workstation.
 */
export function SettingsPanel() {
  return (
    <Stack gap="lg" maw={880}>
      <PanelHeader
        title="Settings"
        description="The map the whole agency sees on this workstation, and how times are shown to you."
      />
      <BasemapCard />
      <DisplayCard />
    </Stack>
  );
}

type Kind = BasemapSetting['kind'];

const KIND_LABELS: Record<Kind, string> = {
  offline: 'Offline boundaries',
  pmtiles: 'Agency PMTiles file',
  style: 'Agency map style',
};

const KIND_HELP: Record<Kind, string> = {
  offline:
    'US state and county lines shipped with Canvass. Works with no network, and no map request leaves this computer.',
  pmtiles:
    'A PMTiles v3 archive on the agency’s own HTTPS server (for example a county street map). It must support byte-range requests.',
  style:
    'A MapLibre style JSON (version 8) on the agency’s own HTTPS server. Its tiles, fonts and sprites are loaded from the servers it names.',
};

function BasemapCard() {
  const { session } = useSession();
  const isAdmin = hasRole(session, 'administrator');
  const basemap = useLoad<BasemapInfo>(() => call('map.basemap'));
  const [kind, setKind] = useState<Kind | null>(null);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (basemap.loading && !basemap.data) return <LoadingView label="Loading the map settings…" />;
  if (!basemap.data) return <ErrorAlert title="The map settings could not be loaded" message={basemap.error} />;
  const current = basemap.data;
  const chosen: Kind = kind ?? current.setting.kind;
  const currentUrl = 'url' in current.setting ? current.setting.url : '';

  const choose = (k: Kind) => {
    setKind(k);
    setError(null);
    setSaved(null);
    setUrl(k === current.setting.kind ? currentUrl : '');
  };

  const save = async () => {
    setError(null);
    setSaved(null);
    if (chosen !== 'offline' && !url.trim()) {
      setError('Enter the https:// address of the source.');
      return;
    }
    setBusy(true);
    try {
      const next = await call(
        'map.setBasemap',
        chosen === 'offline' ? { kind: 'offline' } : { kind: chosen, url: url.trim() },
      );
      basemap.setData(next);
      setKind(null);
      setUrl('url' in next.setting ? next.setting.url : '');
      setSaved(
        chosen === 'offline'
          ? 'The map uses the offline boundaries again.'
          : 'The source answered and was checked. The map uses it from now on.',
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const unchanged = chosen === current.setting.kind && (chosen === 'offline' || url.trim() === currentUrl);

  return (
    <Card withBorder padding="lg" radius="md" data-testid="basemap-settings">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <IconMap size={22} />
          <Title order={3}>Map basemap</Title>
        </Group>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            In use
          </Text>
          <Group gap="xs" mt={4} wrap="wrap">
            <Badge variant="light" color={current.setting.kind === 'offline' ? 'gray' : 'canvass'}>
              {KIND_LABELS[current.setting.kind]}
            </Badge>
            <Text size="sm" fw={500} data-testid="basemap-current" style={{ wordBreak: 'break-all' }}>
              {current.label}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {current.updatedAt
              ? `Set by ${current.updatedBy ?? 'an administrator'} on ${formatDateTime(current.updatedAt)}`
              : 'The default: no administrator has changed it.'}
          </Text>
        </div>

        {isAdmin ? (
          <Stack gap="sm" component="form" onSubmit={(e) => (e.preventDefault(), void save())}>
            <Radio.Group
              label="Source"
              value={chosen}
              onChange={(v) => choose(v as Kind)}
              description="Canvass fetches and checks a new source before it saves it; if the check fails, nothing changes."
            >
              <Stack gap="xs" mt="xs">
                {(['offline', 'pmtiles', 'style'] as const).map((k) => (
                  <Radio key={k} value={k} label={KIND_LABELS[k]} description={KIND_HELP[k]} />
                ))}
              </Stack>
            </Radio.Group>
            {chosen !== 'offline' ? (
              <TextInput
                label={chosen === 'pmtiles' ? 'Address of the PMTiles file' : 'Address of the style JSON'}
                placeholder={
                  chosen === 'pmtiles'
                    ? 'https://gis.agency.example/tiles/county.pmtiles'
                    : 'https://gis.agency.example/styles/streets.json'
                }
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                spellCheck={false}
                autoComplete="off"
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                data-autofocus
              />
            ) : null}
            <ErrorAlert title="Not saved" message={error} testId="basemap-error" />
            {saved ? (
              <Alert color="teal" variant="light" icon={<IconCheck />} role="status" data-testid="basemap-saved">
                {saved}
              </Alert>
            ) : null}
            <Group>
              <Button type="submit" loading={busy} disabled={unchanged}>
                {chosen === 'offline' ? 'Use the offline boundaries' : 'Check and save'}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Only an ALPR administrator changes the basemap.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function DisplayCard() {
  // The shared store: every open screen that shows times re-renders when this changes.
  const times = useTimeDisplay();
  const example = new Date().toISOString();
  const change = (v: string) => setTimeDisplay(v === 'utc' ? 'utc' : 'local');
  return (
    <Card withBorder padding="lg" radius="md" data-testid="display-settings">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <IconClock size={22} />
          <Title order={3}>Display</Title>
        </Group>
        <div>
          <Text size="sm" fw={500} id="time-display-label">
            Times
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            Only how times are shown to you on this workstation; the records and the access log keep exact UTC times.
          </Text>
          <SegmentedControl
            aria-labelledby="time-display-label"
            value={times}
            onChange={change}
            data={[
              { value: 'local', label: 'This computer’s time zone' },
              { value: 'utc', label: 'UTC' },
            ]}
          />
          <Text size="sm" mt="xs" ff="monospace" data-testid="time-example">
            Now: {formatDateTime(example, times)}
          </Text>
        </div>
      </Stack>
    </Card>
  );
}
