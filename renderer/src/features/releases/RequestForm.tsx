import { useState } from 'react';
import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type {
  AgencyArgs,
  DirectoryAgency,
  LegalBasis,
  ReleaseRequestInfo,
  ReleaseScope,
} from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { ErrorAlert } from '../../ui/StateView';
import { BASIS_LABELS, FUNCTION_LABELS, KIND_LABELS, options } from './labels';

/** A new agency of the directory: kind, state, function and whether an agreement is on file (until when). */
export function AgencyForm({ onSaved, onCancel }: { onSaved: (a: DirectoryAgency) => void; onCancel: () => void }) {
  const [a, setA] = useState<AgencyArgs>({
    id: null,
    name: '',
    ori: null,
    kind: 'county',
    state: 'CA',
    function: 'law_enforcement',
    agreement: { onFile: false, expires: null },
  });
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      onSaved(await call('releases.saveAgency', a));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Add an agency">
      <Stack gap="sm">
        <Title order={3} fz="h4">
          Add an agency to the directory
        </Title>
        <SimpleGrid cols={3}>
          <TextInput label="Agency name" value={a.name} onChange={(e) => setA({ ...a, name: e.currentTarget.value })} />
          <TextInput
            label="ORI"
            value={a.ori ?? ''}
            onChange={(e) => setA({ ...a, ori: e.currentTarget.value.trim().toUpperCase() || null })}
          />
          <TextInput label="State" value={a.state} onChange={(e) => setA({ ...a, state: e.currentTarget.value })} />
          <Select
            label="Kind"
            data={options(KIND_LABELS)}
            value={a.kind}
            allowDeselect={false}
            onChange={(v) => v && setA({ ...a, kind: v as AgencyArgs['kind'] })}
          />
          <Select
            label="Function"
            data={options(FUNCTION_LABELS)}
            value={a.function}
            allowDeselect={false}
            onChange={(v) => v && setA({ ...a, function: v as AgencyArgs['function'] })}
          />
          <TextInput
            label="Agreement in force until (YYYY-MM-DD)"
            disabled={!a.agreement.onFile}
            value={a.agreement.expires ?? ''}
            onChange={(e) =>
              setA({ ...a, agreement: { ...a.agreement, expires: e.currentTarget.value.trim() || null } })
            }
          />
        </SimpleGrid>
        <Checkbox
          label="A signed sharing agreement (MOU) is on file"
          checked={a.agreement.onFile}
          onChange={(e) =>
            setA({
              ...a,
              agreement: {
                onFile: e.currentTarget.checked,
                expires: e.currentTarget.checked ? a.agreement.expires : null,
              },
            })
          }
        />
        <ErrorAlert message={error} testId="agency-error" />
        <Group>
          <Button onClick={() => void save()}>Save the agency</Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * The written request as the custodian records it: the agency, the person, the purpose, their case, the legal
 * basis, the plates and window asked for, the file of the written request, and the recipient's certification.
 */
export function RequestForm({
  agencies,
  onRecorded,
  onCancel,
  onAddAgency,
}: {
  agencies: DirectoryAgency[];
  onRecorded: (r: ReleaseRequestInfo) => void;
  onCancel: () => void;
  onAddAgency: () => void;
}) {
  const [agencyId, setAgencyId] = useState<string | null>(agencies[0] ? String(agencies[0].id) : null);
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [contact, setContact] = useState('');
  const [purpose, setPurpose] = useState('');
  const [theirCase, setTheirCase] = useState('');
  const [basis, setBasis] = useState<LegalBasis>('request');
  const [scopeKind, setScopeKind] = useState<ScopeKind>('plates');
  const [plates, setPlates] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [centre, setCentre] = useState('');
  const [radiusM, setRadiusM] = useState<number>(500);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [file, setFile] = useState('');
  const [retention, setRetention] = useState<number>(90);
  const [certified, setCertified] = useState({ le: false, noImmigration: false, noOnward: false });
  const [signedBy, setSignedBy] = useState('');
  const [signedOn, setSignedOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const record = async () => {
    setError(null);
    if (!agencyId) return setError('Choose the requesting agency (add it to the directory first).');
    if (scopeKind === 'area' && !/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/.test(centre))
      return setError('Type the area’s centre as latitude, longitude in degrees (e.g. 37.3852, -122.1141).');
    setSaving(true);
    try {
      onRecorded(
        await call('releases.record', {
          agencyId: Number(agencyId),
          requester: { name, title, contact },
          purpose,
          theirCaseNumber: theirCase,
          legalBasis: basis,
          scope: scopeOf(scopeKind, { plates, caseNumber, centre, radiusM, from, to }),
          attachmentPath: file,
          certification: {
            lawEnforcementOnly: certified.le,
            noImmigrationEnforcement: certified.noImmigration,
            noOnwardSharing: certified.noOnward,
            retentionDays: retention,
            signedBy,
            signedOn,
          },
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Record a request">
      <Stack gap="sm">
        <Title order={3} fz="h4">
          Record a written request
        </Title>
        <Group align="end">
          <Select
            label="Requesting agency"
            data={agencies.map((a) => ({ value: String(a.id), label: `${a.name} (${a.state})` }))}
            value={agencyId}
            onChange={setAgencyId}
            style={{ flex: 1 }}
          />
          <Button variant="default" onClick={onAddAgency}>
            Add an agency…
          </Button>
        </Group>
        <SimpleGrid cols={3}>
          <TextInput label="Requesting person" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label="Their title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <TextInput label="Their contact" value={contact} onChange={(e) => setContact(e.currentTarget.value)} />
        </SimpleGrid>
        <Textarea
          label="Intended purpose"
          autosize
          minRows={2}
          value={purpose}
          onChange={(e) => setPurpose(e.currentTarget.value)}
        />
        <SimpleGrid cols={3}>
          <TextInput
            label="Their case number"
            value={theirCase}
            onChange={(e) => setTheirCase(e.currentTarget.value)}
          />
          <Select
            label="Legal basis"
            data={options(BASIS_LABELS)}
            value={basis}
            allowDeselect={false}
            onChange={(v) => v && setBasis(v as LegalBasis)}
          />
          <TextInput
            label="Written request (PDF or image, full path)"
            value={file}
            onChange={(e) => setFile(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="release-scope-label">
            What they ask for
          </Text>
          <SegmentedControl
            aria-labelledby="release-scope-label"
            value={scopeKind}
            onChange={(v) => setScopeKind(v as ScopeKind)}
            data={[
              { value: 'plates', label: 'Plates in a window' },
              { value: 'area', label: 'An area in a window' },
              { value: 'case', label: 'One of our cases' },
            ]}
          />
        </Stack>
        <SimpleGrid cols={3}>
          {scopeKind === 'plates' ? (
            <TextInput
              label="Plates asked for"
              placeholder="8ABC123, 7XYZ890"
              value={plates}
              onChange={(e) => setPlates(e.currentTarget.value)}
            />
          ) : null}
          {scopeKind === 'area' ? (
            <>
              <TextInput
                label="Centre (latitude, longitude)"
                placeholder="37.3852, -122.1141"
                value={centre}
                onChange={(e) => setCentre(e.currentTarget.value)}
              />
              <NumberInput
                label="Radius (m)"
                min={1}
                max={50_000}
                value={radiusM}
                onChange={(v) => setRadiusM(Number(v) || 0)}
              />
            </>
          ) : null}
          {scopeKind === 'case' ? (
            <TextInput
              label="Our case number (its collection is released)"
              value={caseNumber}
              onChange={(e) => setCaseNumber(e.currentTarget.value)}
            />
          ) : (
            <>
              <TextInput
                label="From (UTC, YYYY-MM-DD HH:MM)"
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
              />
              <TextInput label="To (UTC, YYYY-MM-DD HH:MM)" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
            </>
          )}
        </SimpleGrid>
        <Title order={4} fz="h5">
          The recipient’s signed certification
        </Title>
        <Group>
          <Checkbox
            label="Law enforcement use only"
            checked={certified.le}
            onChange={(e) => setCertified({ ...certified, le: e.currentTarget.checked })}
          />
          <Checkbox
            label="No immigration enforcement"
            checked={certified.noImmigration}
            onChange={(e) => setCertified({ ...certified, noImmigration: e.currentTarget.checked })}
          />
          <Checkbox
            label="No onward sharing"
            checked={certified.noOnward}
            onChange={(e) => setCertified({ ...certified, noOnward: e.currentTarget.checked })}
          />
        </Group>
        <SimpleGrid cols={3}>
          <NumberInput
            label="Kept at most (days)"
            min={1}
            max={3650}
            value={retention}
            onChange={(v) => setRetention(Number(v) || 0)}
          />
          <TextInput label="Signed by" value={signedBy} onChange={(e) => setSignedBy(e.currentTarget.value)} />
          <TextInput
            label="Signed on (YYYY-MM-DD)"
            value={signedOn}
            onChange={(e) => setSignedOn(e.currentTarget.value)}
          />
        </SimpleGrid>
        <ErrorAlert title="Nothing was recorded" message={error} testId="request-error" />
        <Group>
          <Button loading={saving} onClick={() => void record()}>
            Record and screen
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

type ScopeKind = ReleaseScope['kind'];

/** The scope as typed (the centre already checked to be two numbers); main validates the rest. */
function scopeOf(
  kind: ScopeKind,
  f: { plates: string; caseNumber: string; centre: string; radiusM: number; from: string; to: string },
): ReleaseScope {
  if (kind === 'case') return { kind, caseNumber: f.caseNumber.trim() };
  if (kind === 'plates')
    return { kind, plates: f.plates.split(/[\s,]+/).filter(Boolean), from: toIso(f.from), to: toIso(f.to) };
  const [lat, lon] = f.centre.split(',').map(Number) as [number, number];
  return {
    kind,
    area: { kind: 'radius', lat, lon, radiusM: f.radiusM },
    from: toIso(f.from),
    to: toIso(f.to),
  };
}

/** "2026-11-21 08:00" (UTC) → ISO; anything else is passed as typed and main says what is wrong. */
function toIso(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(s.trim());
  return m ? `${m[1]}T${m[2]}:00Z` : s.trim();
}
