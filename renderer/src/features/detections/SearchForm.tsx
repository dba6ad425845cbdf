import { useMemo, useState, type FormEvent, type Ref } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Kbd,
  MultiSelect,
  type MultiSelectProps,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { CameraInfo, PatternFeedback, SearchVocabulary } from '../../../../preload/contract';
import { IconBriefcase, IconChevronLeft, IconClock, IconSearch, IconX } from '../../ui/icons';
import type { DrawMode } from '../../shared/map/DetectionMap';
import { PlateField, type DescribePattern } from './PlateField';
import {
  aroundWindow,
  areaText,
  localZoneName,
  presetWindow,
  toLocalInput,
  type FormProblem,
  type PlaceMode,
  type SearchForm as Form,
} from './searchState';
import './search.css';

const UNKNOWN_OPTION = { value: 'unknown', label: 'Unknown (not read)' };

export type SearchFormProps = {
  form: Form;
  onChange: (patch: Partial<Form>) => void;
  onReset: () => void;
  onSubmit: () => void;
  running: boolean;
  problem: FormProblem | null;
  vocabulary: SearchVocabulary | null;
  vocabularyError: string | null;
  cameras: readonly CameraInfo[];
  describe: DescribePattern;
  onPatternFeedback: (f: PatternFeedback | null) => void;
  plateRef: Ref<HTMLInputElement>;
  hasPurpose: boolean;
  onOpenPurpose: () => void;
  drawMode: DrawMode;
  onDrawModeChange: (mode: DrawMode) => void;
  onCanvass: () => void;
  onShowShortcuts: () => void;
  /** Folded away to give the map and the results the width (kept mounted: the terms stay as typed). */
  hidden?: boolean;
  onCollapse?: () => void;
};

/**
 * The search terms, top to bottom in the order a detective thinks of them: the plate fragment, the vehicle,
 * when, where. Enter anywhere in the form (or Ctrl+Enter anywhere) runs the search.
 */
export function SearchForm(props: SearchFormProps) {
  const { form, onChange, vocabulary, cameras, problem } = props;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };

  return (
    <form
      id="cv-search-form"
      className="cv-search-form"
      onSubmit={submit}
      role="search"
      aria-label="Search detections"
      hidden={props.hidden}
      noValidate
    >
      <div className="cv-search-form-scroll">
        {!props.hasPurpose ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconBriefcase />}
            title="Open a purpose to search"
            mb="md"
            data-testid="search-no-purpose"
          >
            <Text size="sm">Say why you are looking first: every search is logged with the purpose.</Text>
            <Button size="xs" mt="xs" onClick={props.onOpenPurpose}>
              Open purpose{' '}
              <Kbd ml={6} size="xs">
                Ctrl+Shift+P
              </Kbd>
            </Button>
          </Alert>
        ) : null}

        <Stack gap="sm">
          <PlateField
            value={form.plate}
            onChange={(plate) => onChange({ plate })}
            similar={form.similar}
            onSimilarChange={(similar) => onChange({ similar })}
            nearMisses={form.nearMisses}
            onNearMissesChange={(nearMisses) => onChange({ nearMisses })}
            describe={props.describe}
            onFeedback={props.onPatternFeedback}
            inputRef={props.plateRef}
          />
          {problem?.field === 'plate' ? (
            <Text size="sm" c="red" role="alert" data-testid="plate-problem">
              {problem.message}
            </Text>
          ) : null}
          <Select
            label="State"
            placeholder="Any state"
            data={vocabulary?.states ?? []}
            value={form.state}
            onChange={(state) => onChange({ state })}
            searchable
            clearable
            allowDeselect
            nothingFoundMessage="No detections from that state"
            comboboxProps={{ withinPortal: true }}
          />
        </Stack>

        <VehicleSection form={form} onChange={onChange} vocabulary={vocabulary} error={props.vocabularyError} />
        <TimeSection form={form} onChange={onChange} problem={problem} />
        <PlaceSection
          form={form}
          onChange={onChange}
          cameras={cameras}
          headings={vocabulary?.headings ?? []}
          problem={problem}
          drawMode={props.drawMode}
          onDrawModeChange={props.onDrawModeChange}
          onCanvass={props.onCanvass}
        />
      </div>
      <div className="cv-search-form-foot">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Button
            type="submit"
            leftSection={<IconSearch size={16} />}
            loading={props.running}
            data-testid="search-submit"
          >
            Search
          </Button>
          <Group gap={6} wrap="nowrap">
            <Button variant="subtle" color="gray" size="compact-sm" onClick={props.onReset}>
              Clear
            </Button>
            {props.onCollapse ? (
              <Tooltip label="Hide the form: more room for the map (Ctrl+B)">
                <ActionIcon
                  variant="default"
                  aria-label="Hide the search form"
                  aria-expanded
                  aria-controls="cv-search-form"
                  onClick={props.onCollapse}
                  data-testid="form-toggle"
                >
                  <IconChevronLeft size={16} />
                </ActionIcon>
              </Tooltip>
            ) : null}
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="default" aria-label="Keyboard shortcuts" onClick={props.onShowShortcuts}>
                <Text fw={700} size="sm">
                  ?
                </Text>
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </div>
    </form>
  );
}

type ListField = 'makes' | 'models' | 'colors' | 'bodies' | 'features' | 'cameras' | 'headings';

/** A multi-value picker bound to one list of the form; its hint shows only while nothing is picked. */
function ListPicker({
  field,
  form,
  onChange,
  onPick,
  anyText,
  ...props
}: {
  field: ListField;
  form: Form;
  onChange: (patch: Partial<Form>) => void;
  /** Instead of setting the field alone (the make also trims the models). */
  onPick?: (values: string[]) => void;
  anyText: string;
} & Omit<MultiSelectProps, 'value' | 'onChange' | 'placeholder' | 'form'>) {
  return (
    <MultiSelect
      placeholder={form[field].length ? undefined : anyText}
      value={form[field]}
      onChange={onPick ?? ((values) => onChange({ [field]: values }))}
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}

function withUnknown(options: { value: string; label: string }[]): { value: string; label: string }[] {
  return options.some((o) => o.value === 'unknown') ? options : [...options, UNKNOWN_OPTION];
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function VehicleSection({
  form,
  onChange,
  vocabulary,
  error,
}: {
  form: Form;
  onChange: (patch: Partial<Form>) => void;
  vocabulary: SearchVocabulary | null;
  error: string | null;
}) {
  const makes = useMemo(
    () => withUnknown((vocabulary?.makes ?? []).map((m) => ({ value: m.value, label: m.value }))),
    [vocabulary],
  );
  // Models follow the chosen makes (all makes when none is chosen), grouped by make.
  const models = useMemo(() => {
    const chosen = new Set(form.makes);
    const seen = new Set<string>();
    const groups = (vocabulary?.makes ?? [])
      .filter((m) => chosen.size === 0 || chosen.has(m.value))
      .map((m) => ({
        group: m.value,
        items: m.models
          .filter((x) => !seen.has(x.value) && seen.add(x.value))
          .map((x) => ({ value: x.value, label: x.value })),
      }))
      .filter((g) => g.items.length > 0);
    return [...groups, { group: 'Not read', items: [UNKNOWN_OPTION] }];
  }, [vocabulary, form.makes]);
  const colors = useMemo(
    () => withUnknown((vocabulary?.colors ?? []).map((c) => ({ value: c.value, label: capital(c.value) }))),
    [vocabulary],
  );
  const bodies = useMemo(
    () => withUnknown((vocabulary?.bodies ?? []).map((b) => ({ value: b.value, label: capital(b.value) }))),
    [vocabulary],
  );
  const features = useMemo(
    () => (vocabulary?.features ?? []).map((f) => ({ value: f.id, label: f.label })),
    [vocabulary],
  );

  const setMakes = (makesChosen: string[]) => {
    const allowed = new Set(
      (vocabulary?.makes ?? [])
        .filter((m) => makesChosen.includes(m.value))
        .flatMap((m) => m.models.map((x) => x.value)),
    );
    const keep = makesChosen.length === 0 ? form.models : form.models.filter((m) => m === 'unknown' || allowed.has(m));
    onChange({ makes: makesChosen, models: keep });
  };

  // No clear button: each pill has its own ×, and the narrow pickers need the room.
  const bound = { form, onChange, searchable: true, hidePickedOptions: true };
  return (
    <>
      <div className="cv-section-label">Vehicle</div>
      {error ? (
        <Text size="xs" c="orange" mb={6} role="status">
          The lists of makes and colors could not be loaded ({error}); the search still takes the other terms.
        </Text>
      ) : null}
      <Stack gap="xs">
        <ListPicker label="Make" field="makes" anyText="Any make" data={makes} onPick={setMakes} {...bound} />
        <ListPicker
          label="Model"
          field="models"
          anyText="Any model"
          data={models}
          nothingFoundMessage="No model of the chosen makes"
          {...bound}
        />
        <Group grow gap="xs" align="flex-start">
          <ListPicker label="Color" field="colors" anyText="Any color" data={colors} {...bound} />
          <ListPicker label="Body" field="bodies" anyText="Any body" data={bodies} {...bound} />
        </Group>
        <ListPicker
          label="Unique features"
          description="A detection must show all of them."
          field="features"
          anyText="Roof rack, damage, temporary tag…"
          data={features}
          {...bound}
        />
      </Stack>
    </>
  );
}

function TimeSection({
  form,
  onChange,
  problem,
}: {
  form: Form;
  onChange: (patch: Partial<Form>) => void;
  problem: FormProblem | null;
}) {
  const [aroundOpen, setAroundOpen] = useState(false);
  const [around, setAround] = useState(() => toLocalInput(new Date()));
  const applyAround = () => {
    const w = aroundWindow(around, 30);
    if (w) {
      onChange(w);
      setAroundOpen(false);
    }
  };
  return (
    <>
      <div className="cv-section-label">Time</div>
      <Group gap={6} mb={8}>
        <Button size="compact-xs" variant="light" onClick={() => onChange(presetWindow('last24h'))}>
          Last 24 h
        </Button>
        <Button size="compact-xs" variant="light" onClick={() => onChange(presetWindow('last7d'))}>
          Last 7 days
        </Button>
        <Popover opened={aroundOpen} onChange={setAroundOpen} trapFocus position="bottom-start" withArrow shadow="md">
          <Popover.Target>
            <Button size="compact-xs" variant="light" onClick={() => setAroundOpen((o) => !o)}>
              ±30 min around…
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs">
              <TextInput
                type="datetime-local"
                label="Around"
                value={around}
                onChange={(e) => setAround(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    applyAround();
                  }
                }}
                data-autofocus
              />
              <Button size="xs" onClick={applyAround} disabled={!aroundWindow(around, 30)}>
                Set window
              </Button>
            </Stack>
          </Popover.Dropdown>
        </Popover>
        {form.from || form.to ? (
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            leftSection={<IconX size={12} />}
            onClick={() => onChange({ from: '', to: '' })}
          >
            Any time
          </Button>
        ) : null}
      </Group>
      <Stack gap="xs">
        <TextInput
          type="datetime-local"
          label="From"
          value={form.from}
          onChange={(e) => onChange({ from: e.currentTarget.value })}
          error={problem?.field === 'from' ? problem.message : undefined}
          leftSection={<IconClock size={15} />}
          data-testid="time-from"
        />
        <TextInput
          type="datetime-local"
          label="To"
          value={form.to}
          onChange={(e) => onChange({ to: e.currentTarget.value })}
          error={problem?.field === 'to' ? problem.message : undefined}
          leftSection={<IconClock size={15} />}
          data-testid="time-to"
        />
        <Text size="xs" c="dimmed">
          Times are local ({localZoneName()}).
        </Text>
      </Stack>
    </>
  );
}

function PlaceSection({
  form,
  onChange,
  cameras,
  headings,
  problem,
  drawMode,
  onDrawModeChange,
  onCanvass,
}: {
  form: Form;
  onChange: (patch: Partial<Form>) => void;
  cameras: readonly CameraInfo[];
  headings: string[];
  problem: FormProblem | null;
  drawMode: DrawMode;
  onDrawModeChange: (mode: DrawMode) => void;
  onCanvass: () => void;
}) {
  const cameraOptions = useMemo(
    () => cameras.map((c) => ({ value: c.id, label: `${c.name} (${c.id})${c.kind === 'mobile' ? ' · mobile' : ''}` })),
    [cameras],
  );
  const draw = (mode: Exclude<DrawMode, 'none'>) => {
    onChange({ placeMode: 'area' });
    onDrawModeChange(drawMode === mode ? 'none' : mode);
  };
  return (
    <>
      <div className="cv-section-label">Place</div>
      <Stack gap="xs">
        <SegmentedControl
          fullWidth
          size="xs"
          value={form.placeMode}
          onChange={(v) => {
            onChange({ placeMode: v as PlaceMode });
            if (v !== 'area') onDrawModeChange('none');
          }}
          data={[
            { value: 'anywhere', label: 'Anywhere' },
            { value: 'area', label: 'Area on map' },
            { value: 'cameras', label: 'Cameras' },
          ]}
          aria-label="Where"
        />
        {form.placeMode === 'area' ? (
          <>
            <Group gap={6} grow>
              <Button
                size="xs"
                variant={drawMode === 'radius' ? 'filled' : 'default'}
                onClick={() => draw('radius')}
                aria-pressed={drawMode === 'radius'}
              >
                Draw radius
              </Button>
              <Button
                size="xs"
                variant={drawMode === 'polygon' ? 'filled' : 'default'}
                onClick={() => draw('polygon')}
                aria-pressed={drawMode === 'polygon'}
              >
                Draw polygon
              </Button>
            </Group>
            <Text size="xs" c={form.area ? undefined : 'dimmed'} data-testid="area-text">
              {form.area
                ? areaText(form.area)
                : drawMode === 'radius'
                  ? 'Drag on the map from the centre outwards.'
                  : drawMode === 'polygon'
                    ? 'Click the corners on the map; click the first one to close.'
                    : 'No area yet: draw one on the map.'}
            </Text>
            {form.area ? (
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                leftSection={<IconX size={12} />}
                onClick={() => onChange({ area: null })}
                style={{ alignSelf: 'flex-start' }}
              >
                Remove area
              </Button>
            ) : null}
          </>
        ) : null}
        {form.placeMode === 'cameras' ? (
          <ListPicker
            label="Cameras"
            description="Or click cameras on the map."
            field="cameras"
            anyText="Choose cameras"
            data={cameraOptions}
            form={form}
            onChange={onChange}
            searchable
            clearable
            hidePickedOptions
            data-testid="camera-picker"
          />
        ) : null}
        {problem?.field === 'place' ? (
          <Text size="sm" c="red" role="alert">
            {problem.message}
          </Text>
        ) : null}
        <ListPicker
          label="Direction of travel"
          field="headings"
          anyText="Any direction"
          data={headings}
          form={form}
          onChange={onChange}
          clearable
        />
        <Button
          variant="light"
          onClick={onCanvass}
          leftSection={<IconBriefcase size={15} />}
          data-testid="canvass-open"
        >
          Canvass an incident…
        </Button>
      </Stack>
    </>
  );
}
