import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PolicyInfo, PolicyProfile } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { useSession } from '../../shared/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { IconCheck } from '../../ui/icons';
import { formatDays } from '../../ui/format';
import { useLoad } from '../../ui/useLoad';

/** The profile schema's data kinds (core/policy.ts `dataKinds`), restated: the renderer imports only types. */
const DATA_KINDS = [
  'detection',
  'image',
  'hit',
  'audit_log',
] as const satisfies readonly (keyof PolicyProfile['retention'])[];
const DATA_KIND_LABELS: Record<(typeof DATA_KINDS)[number], string> = {
  detection: 'Detections',
  image: 'Images',
  hit: 'Hits',
  audit_log: 'Access log',
};

const RECIPIENTS: Record<PolicyProfile['sharing']['eligibleRecipients'], string> = {
  california_public_agency: 'California public agencies only',
  public_agency: 'Public agencies',
  government_law_enforcement: 'Government entities with a law-enforcement purpose',
};

type Limits = {
  validityDays: number | string;
  maxFailedLogins: number | string;
  idleLockMinutes: number | string;
} & Record<`${(typeof DATA_KINDS)[number]}Min` | `${(typeof DATA_KINDS)[number]}Max`, number | string>;

function limitsOf(p: PolicyProfile): Limits {
  const out: Record<string, number | string> = {
    validityDays: p.training.validityDays,
    maxFailedLogins: p.security.maxFailedLogins,
    idleLockMinutes: p.security.idleLockMinutes,
  };
  for (const k of DATA_KINDS) {
    out[`${k}Min`] = p.retention[k].minDays ?? '';
    out[`${k}Max`] = p.retention[k].maxDays ?? '';
  }
  return out as Limits;
}

function num(v: number | string): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function intIn(min: number, max: number, what: string) {
  return (v: number | string) => {
    const n = num(v);
    if (n === null) return `Enter ${what}`;
    if (!Number.isInteger(n) || n < min || n > max) return `Between ${min} and ${max}`;
    return null;
  };
}

export function PolicyPanel() {
  const { refresh } = useSession();
  const policy = useLoad<PolicyInfo>(() => call('policy.get'));
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const retentionRule =
    (kind: (typeof DATA_KINDS)[number], end: 'Min' | 'Max') => (v: number | string, values: Limits) => {
      const n = num(v);
      if (n === null) return null;
      if (!Number.isInteger(n) || n < 1) return 'Whole days, at least 1 (leave empty for none)';
      if (end === 'Max') {
        const min = num(values[`${kind}Min`]);
        if (min !== null && n < min) return 'Cannot be shorter than the minimum';
      }
      return null;
    };

  const form = useForm<Limits>({
    initialValues: {
      validityDays: '',
      maxFailedLogins: '',
      idleLockMinutes: '',
      detectionMin: '',
      detectionMax: '',
      imageMin: '',
      imageMax: '',
      hitMin: '',
      hitMax: '',
      audit_logMin: '',
      audit_logMax: '',
    },
    validate: {
      validityDays: intIn(1, 3650, 'the number of days'),
      maxFailedLogins: intIn(1, 20, 'a number of attempts'),
      idleLockMinutes: intIn(1, 120, 'a number of minutes'),
      detectionMin: retentionRule('detection', 'Min'),
      detectionMax: retentionRule('detection', 'Max'),
      imageMin: retentionRule('image', 'Min'),
      imageMax: retentionRule('image', 'Max'),
      hitMin: retentionRule('hit', 'Min'),
      hitMax: retentionRule('hit', 'Max'),
      audit_logMin: retentionRule('audit_log', 'Min'),
      audit_logMax: retentionRule('audit_log', 'Max'),
    },
  });

  useEffect(() => {
    if (policy.data) {
      const initial = limitsOf(policy.data.profile);
      form.setInitialValues(initial);
      form.setValues(initial);
      form.resetDirty(initial);
    }
    // Re-seed the form only when the loaded policy changes (the form object is stable).
  }, [policy.data]);

  if (policy.error) return <ErrorAlert title="The policy could not be read" message={policy.error} />;
  if (!policy.data) return <LoadingView label="Loading the agency’s policy…" />;
  const { profile, agencyName, ori } = policy.data;

  const save = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    const retention = { ...profile.retention };
    for (const k of DATA_KINDS) {
      retention[k] = { ...profile.retention[k], minDays: num(v[`${k}Min`]), maxDays: num(v[`${k}Max`]) };
    }
    const next: PolicyProfile = {
      ...profile,
      retention,
      training: { ...profile.training, validityDays: num(v.validityDays)! },
      security: {
        ...profile.security,
        maxFailedLogins: num(v.maxFailedLogins)!,
        idleLockMinutes: num(v.idleLockMinutes)!,
      },
    };
    try {
      const info = await call('policy.update', { profile: next });
      policy.setData(info);
      setSaved('The policy limits were saved. The change is recorded in the access log.');
      // Idle lock minutes and training currency show in the session: re-read it.
      void refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Stack gap="md">
      <PanelHeader title="Policy" description={`${agencyName}${ori ? ` · ORI ${ori}` : ''} — ${profile.source}`} />

      <Card withBorder radius="md" padding="lg" component="form" onSubmit={save} noValidate data-testid="policy-limits">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={3}>Limits</Title>
            <Text size="sm" c="dimmed">
              Numbers the workstation enforces. Changes apply at once and are written to the access log.
            </Text>
          </div>
          <Group gap="xs">
            <Button variant="default" disabled={!form.isDirty() || busy} onClick={() => form.reset()}>
              Discard
            </Button>
            <Button type="submit" loading={busy} disabled={!form.isDirty()}>
              Save limits
            </Button>
          </Group>
        </Group>
        <Stack gap="md">
          {saved ? (
            <Alert
              color="teal"
              variant="light"
              icon={<IconCheck />}
              role="status"
              withCloseButton
              onClose={() => setSaved(null)}
            >
              {saved}
            </Alert>
          ) : null}
          <ErrorAlert title="The policy was not saved" message={error} />
          <SimpleGrid cols={3} spacing="md">
            <NumberInput
              label="Training validity"
              description="Days a course stays current"
              suffix=" days"
              min={1}
              max={3650}
              allowDecimal={false}
              {...form.getInputProps('validityDays')}
            />
            <NumberInput
              label="Failed sign-ins before lockout"
              description="An administrator must unlock"
              min={1}
              max={20}
              allowDecimal={false}
              {...form.getInputProps('maxFailedLogins')}
            />
            <NumberInput
              label="Idle lock"
              description="Minutes without activity"
              suffix=" min"
              min={1}
              max={120}
              allowDecimal={false}
              {...form.getInputProps('idleLockMinutes')}
            />
          </SimpleGrid>
          <div className="table-scroll">
            <Table aria-label="Retention limits" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>Data</Table.Th>
                  <Table.Th w={190}>Keep at least (days)</Table.Th>
                  <Table.Th w={190}>Purge after (days)</Table.Th>
                  <Table.Th>Policy note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {DATA_KINDS.map((k) => (
                  <Table.Tr key={k}>
                    <Table.Td fw={600}>{DATA_KIND_LABELS[k]}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`${DATA_KIND_LABELS[k]}: keep at least, days`}
                        placeholder="No minimum"
                        min={1}
                        allowDecimal={false}
                        size="xs"
                        {...form.getInputProps(`${k}Min`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`${DATA_KIND_LABELS[k]}: purge after, days`}
                        placeholder="Kept indefinitely"
                        min={1}
                        allowDecimal={false}
                        size="xs"
                        {...form.getInputProps(`${k}Max`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" lineClamp={2} title={profile.retention[k].note}>
                        {profile.retention[k].note ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Stack>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder radius="md" padding="lg">
          <Title order={3} mb="sm">
            Audits
          </Title>
          <Facts
            rows={[
              ['Cadence', `Every ${profile.audit.cadenceMonths} month${profile.audit.cadenceMonths === 1 ? '' : 's'}`],
              ['Sample', `At least ${profile.audit.sampleSize} inquiries`],
              ['Look-back', `${profile.audit.lookbackMonths} months`],
              ['External annual audit', profile.audit.externalAnnualAudit ? 'Yes' : 'No'],
              ['Reported to', profile.audit.reportTo],
            ]}
          />
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Title order={3} mb="sm">
            Sharing
          </Title>
          <Facts
            rows={[
              ['Eligible recipients', RECIPIENTS[profile.sharing.eligibleRecipients]],
              [
                'Immigration enforcement',
                profile.sharing.prohibitImmigrationEnforcement ? 'Prohibited' : 'Not addressed',
              ],
              [
                'Out of state',
                profile.sharing.outOfStateRequiresExigencyOrCourtOrder
                  ? 'Only with exigency or a court order'
                  : 'Per recipient rules',
              ],
              ['Written request', profile.sharing.writtenRequestRequired ? 'Required' : 'Not required'],
              ['Approver', profile.sharing.approver],
              ['Sharing agreement instead', profile.sharing.agreementAlternative ? 'Allowed' : 'No'],
            ]}
          />
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Title order={3} mb="sm">
            Who may use ALPR
          </Title>
          <Group gap={6} mb="md">
            {profile.allowedClassifications.map((c) => (
              <Badge key={c.id} variant="light" size="lg" tt="none" fw={500}>
                {c.label}
              </Badge>
            ))}
          </Group>
          <Facts
            rows={[
              ['Training validity', formatDays(profile.training.validityDays)],
              ['Minimum password length', `${profile.security.minPasswordLength} characters`],
              ['Lockout', `After ${profile.security.maxFailedLogins} failed sign-ins`],
              ['Idle lock', `After ${profile.security.idleLockMinutes} minutes`],
              ['Hits validated before a stop', profile.hits.validationRequiredBeforeStop ? 'Required' : 'Not required'],
              ['Hot-list refresh', `Every ${profile.hotLists.generalRefreshHours} hours`],
            ]}
          />
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Title order={3} mb="sm">
            Authorized purposes
          </Title>
          <List size="sm" spacing={4}>
            {profile.authorizedPurposes.map((p) => (
              <List.Item key={p.id}>{p.label}</List.Item>
            ))}
          </List>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <Table variant="vertical" withRowBorders={false} verticalSpacing={4} layout="fixed">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w="42%" fw={500} c="dimmed" bg="transparent">
              {k}
            </Table.Th>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
