import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PolicyInfo, PolicyProfile } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { ErrorAlert } from '../../ui/StateView';
import { IconCheck } from '../../ui/icons';
import { CitationTag } from './Citation';
import {
  MAXIMUM_UNITS,
  MINIMUM_UNITS,
  PERIOD_UNITS,
  limitProblem,
  maximumField,
  maximumOf,
  minimumField,
  minimumOf,
  needsAmount,
  periodField,
  periodOf,
  type LimitField,
} from './limitField';

type Rule = PolicyProfile['retention'][number];

const DATA_LABELS: Record<Rule['data'], string> = {
  detection: 'Detections',
  image: 'Images',
  hit: 'Hits',
  audit_log: 'Access log',
};

export function ruleLabel(r: Rule): string {
  const scope = [r.cameras ? `${r.cameras} cameras` : null, r.program ? 'parking reads' : null].filter(Boolean);
  return scope.length ? `${DATA_LABELS[r.data]} — ${scope.join(', ')}` : DATA_LABELS[r.data];
}

type Values = {
  validity: LimitField;
  maxFailedLogins: number | string;
  idleLockMinutes: number | string;
  auditStartsOn: string;
  rules: { minimum: LimitField; maximum: LimitField }[];
};

function valuesOf(p: PolicyProfile): Values {
  return {
    validity: periodField(p.training.validity.period),
    maxFailedLogins: p.security.maxFailedLogins,
    idleLockMinutes: p.security.idleLockMinutes,
    auditStartsOn: p.audit.cadence.startsOn ?? '',
    rules: p.retention.map((r) => ({ minimum: minimumField(r.minimum), maximum: maximumField(r.maximum) })),
  };
}

function wholeIn(v: number | string, min: number, max: number): string | null {
  const n = typeof v === 'number' ? v : Number(v);
  return v === '' || !Number.isInteger(n) || n < min || n > max ? `Between ${min} and ${max}` : null;
}

/** An amount and its unit; the amount is off for units that take none ("no maximum", "indefinitely"). */
function LimitInput({
  label,
  units,
  value,
  error,
  onChange,
}: {
  label: string;
  units: { value: string; label: string }[];
  value: LimitField;
  error?: string | null;
  onChange: (v: LimitField) => void;
}) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <NumberInput
        aria-label={`${label}: amount`}
        size="xs"
        w={84}
        min={1}
        allowDecimal={false}
        disabled={!needsAmount(value.unit)}
        value={needsAmount(value.unit) ? value.amount : ''}
        error={error ?? undefined}
        onChange={(amount) => onChange({ ...value, amount })}
      />
      <Select
        aria-label={`${label}: unit`}
        size="xs"
        w={150}
        data={units}
        allowDeselect={false}
        value={value.unit}
        comboboxProps={{ withinPortal: true }}
        onChange={(unit) =>
          onChange({ unit: (unit ?? 'none') as LimitField['unit'], amount: value.amount === '' ? 1 : value.amount })
        }
      />
    </Group>
  );
}

/**
 * The numbers the workstation enforces, editable by the administrator. A value changed here keeps no claim
 * to the policy's words: main records it as the agency's setting, and refuses what the law does not allow.
 */
export function PolicyLimits({ info, onSaved }: { info: PolicyInfo; onSaved: (next: PolicyInfo) => void }) {
  const { profile } = info;
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const phased = profile.audit.cadence.phases.length > 1;

  const form = useForm<Values>({
    initialValues: valuesOf(profile),
    validate: (v) => {
      const errors: Record<string, string | null> = {
        validity: limitProblem(v.validity),
        maxFailedLogins: wholeIn(v.maxFailedLogins, 1, 20),
        idleLockMinutes: wholeIn(v.idleLockMinutes, 1, 120),
        auditStartsOn: v.auditStartsOn && !/^\d{4}-\d{2}-\d{2}$/.test(v.auditStartsOn) ? 'A date' : null,
      };
      v.rules.forEach((r, i) => {
        errors[`rules.${i}.minimum`] = limitProblem(r.minimum);
        errors[`rules.${i}.maximum`] = limitProblem(r.maximum);
      });
      return errors;
    },
  });

  useEffect(() => {
    const initial = valuesOf(profile);
    form.setInitialValues(initial);
    form.setValues(initial);
    form.resetDirty(initial);
    // Re-seed only when the loaded profile changes (the form object is stable).
  }, [profile]);

  const save = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    const next: PolicyProfile = {
      ...profile,
      retention: profile.retention.map((r, i) => ({
        ...r,
        minimum: r.stored ? minimumOf(v.rules[i]!.minimum) : null,
        maximum: r.stored ? maximumOf(v.rules[i]!.maximum) : null,
      })),
      training: { ...profile.training, validity: { ...profile.training.validity, period: periodOf(v.validity) } },
      security: {
        ...profile.security,
        maxFailedLogins: Number(v.maxFailedLogins),
        idleLockMinutes: Number(v.idleLockMinutes),
      },
      audit: { ...profile.audit, cadence: { ...profile.audit.cadence, startsOn: v.auditStartsOn || null } },
    };
    try {
      onSaved(await call('policy.update', { profile: next }));
      setSaved('The policy limits were saved. The change is recorded in the access log.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Card withBorder radius="md" padding="lg" component="form" onSubmit={save} noValidate data-testid="policy-limits">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={3}>Limits</Title>
          <Text size="sm" c="dimmed">
            Numbers the workstation enforces, each with where it comes from. A changed value becomes the agency’s
            setting; the change is written to the access log.
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
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <Stack gap={4}>
            <Group justify="space-between" gap={6}>
              <Text size="sm" fw={500}>
                Training validity
              </Text>
              <CitationTag cite={profile.training.validity.cite} />
            </Group>
            <LimitInput
              label="Training validity"
              units={PERIOD_UNITS}
              value={form.values.validity}
              error={form.errors.validity as string | undefined}
              onChange={(f) => form.setFieldValue('validity', f)}
            />
          </Stack>
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
        {phased ? (
          <Group gap="sm" align="flex-end">
            <TextInput
              label="Audit schedule starts on"
              description="The system’s implementation date: the audit phases count from it"
              type="date"
              w={260}
              {...form.getInputProps('auditStartsOn')}
            />
            <CitationTag cite={profile.audit.cadence.cite} />
          </Group>
        ) : null}
        <div className="table-scroll">
          <Table aria-label="Retention limits" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={200}>Data</Table.Th>
                <Table.Th w={250}>Keep at least</Table.Th>
                <Table.Th w={250}>Purge after</Table.Th>
                <Table.Th>Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profile.retention.map((r, i) => (
                <Table.Tr key={`${r.data}/${r.cameras ?? ''}/${r.program ?? ''}`} data-rule={ruleLabel(r)}>
                  <Table.Td fw={600}>{ruleLabel(r)}</Table.Td>
                  {r.stored ? (
                    <>
                      <Table.Td>
                        <LimitInput
                          label={`${ruleLabel(r)}: keep at least`}
                          units={MINIMUM_UNITS}
                          value={form.values.rules[i]!.minimum}
                          error={form.errors[`rules.${i}.minimum`] as string | undefined}
                          onChange={(f) => form.setFieldValue(`rules.${i}.minimum`, f)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <LimitInput
                          label={`${ruleLabel(r)}: purge after`}
                          units={MAXIMUM_UNITS}
                          value={form.values.rules[i]!.maximum}
                          error={form.errors[`rules.${i}.maximum`] as string | undefined}
                          onChange={(f) => form.setFieldValue(`rules.${i}.maximum`, f)}
                        />
                      </Table.Td>
                    </>
                  ) : (
                    <Table.Td colSpan={2}>
                      <Text size="sm">Not stored</Text>
                    </Table.Td>
                  )}
                  <Table.Td>
                    <CitationTag cite={r.cite} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
    </Card>
  );
}
