import type { ReactNode } from 'react';
import { useState } from 'react';
import { Alert, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Citation, PolicyInfo, PolicyProfile } from '../../../../preload/contract';
import { call } from '../../bridge';
import { useSession } from '../../shared/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { formatDate, formatPeriod, numberKindLabel } from '../../ui/format';
import { useLoad } from '../../ui/useLoad';
import { CitationTag } from './Citation';
import { DesigneeDialog } from './DesigneeDialog';
import { PolicyLimits } from './PolicyLimits';

type Sharing = PolicyProfile['sharing'];

const RECIPIENTS: Record<Sharing['recipients']['classes'][number], string> = {
  law_enforcement_or_prosecutorial_agency: 'Law enforcement or prosecutorial agencies',
  california_public_agency: 'California state or local public agencies',
  government_entity_public_safety: 'Government entities with a law enforcement or public safety purpose',
  prosecutor: 'Prosecutors, and others only as permitted by law',
};

/** A row of facts: what, the value, and where it comes from. */
type Fact = [label: string, value: ReactNode, cite: Citation];

function Facts({ rows, label }: { rows: Fact[]; label: string }) {
  return (
    <Table aria-label={label} withRowBorders={false} verticalSpacing={5} layout="fixed" className="policy-facts">
      <Table.Tbody>
        {rows.map(([k, v, cite]) => (
          <Table.Tr key={k} data-fact={k}>
            <Table.Th w="34%" fw={500} c="dimmed" bg="transparent" style={{ verticalAlign: 'top' }}>
              {k}
            </Table.Th>
            <Table.Td style={{ verticalAlign: 'top' }}>{v}</Table.Td>
            <Table.Td w={150} ta="right" style={{ verticalAlign: 'top' }}>
              <CitationTag cite={cite} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function FactCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid={testId}>
      <Title order={3} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** "case, incident, call or warrant". */
function orList(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function cadenceText(c: PolicyProfile['audit']['cadence']): string {
  const every = (m: number) => (m === 12 ? 'every year' : m === 1 ? 'every month' : `every ${m} months`);
  const text = c.phases
    .map((p) =>
      p.forMonths ? `${every(p.everyMonths)} for ${formatPeriod({ months: p.forMonths })}` : every(p.everyMonths),
    )
    .join(', then ');
  const start =
    c.phases.length > 1
      ? c.startsOn
        ? ` (from ${formatDate(c.startsOn)})`
        : ' (start date not recorded: the first phase applies)'
      : '';
  return `${text[0]!.toUpperCase()}${text.slice(1)}${start}`;
}

function AdministratorCard({ info, onChanged }: { info: PolicyInfo; onChanged: (i: PolicyInfo) => void }) {
  const { session } = useSession();
  const [recording, setRecording] = useState(false);
  const { profile, designee, designees } = info;
  const isAdmin = session.roles.includes('administrator');
  return (
    <FactCard title="ALPR Administrator" testId="policy-administrator">
      <Facts
        label="ALPR Administrator"
        rows={[
          ['Title in the policy', profile.administrator.title, profile.administrator.cite],
          [
            'The policy asks to keep',
            profile.designee.record === 'title_and_name'
              ? 'The title and name of the current designee'
              : 'The title of the current designee',
            profile.designee.cite,
          ],
        ]}
      />
      <Group justify="space-between" align="flex-start" mt="sm" gap="sm">
        <div data-testid="policy-designee">
          <Text size="sm" c="dimmed">
            Current designee
          </Text>
          {designee ? (
            <>
              <Text fw={600}>
                {designee.name}, {designee.title}
              </Text>
              <Text size="xs" c="dimmed">
                Since {formatDate(designee.since)}
                {designees.length > 1 ? ` · ${designees.length - 1} earlier` : ''}
              </Text>
            </>
          ) : (
            <Text fw={500} c="orange">
              None recorded
            </Text>
          )}
        </div>
        {isAdmin ? (
          <Button variant="default" size="xs" onClick={() => setRecording(true)}>
            Record designee…
          </Button>
        ) : null}
      </Group>
      <DesigneeDialog
        opened={recording}
        defaultTitle={designee?.title ?? profile.administrator.title}
        timeZone={profile.timeZone}
        onClose={() => setRecording(false)}
        onSaved={(next) => {
          setRecording(false);
          onChanged(next);
        }}
      />
    </FactCard>
  );
}

/**
 * The agency's ALPR policy as the workstation holds it: every value with the section it comes from (or the
 * law, or the product's default), the limits the administrator may edit, and the ALPR Administrator's designee.
 */
export function PolicyPanel() {
  const { refresh } = useSession();
  const policy = useLoad<PolicyInfo>(() => call('policy.get'));

  if (policy.error) return <ErrorAlert title="The policy could not be read" message={policy.error} />;
  if (!policy.data) return <LoadingView label="Loading the agency’s policy…" />;
  const info = policy.data;
  const { profile, agencyName, ori } = info;
  const { audit, sharing, training } = profile;
  const update = (next: PolicyInfo) => {
    policy.setData(next);
    // Idle lock minutes and training currency show in the session: re-read it.
    void refresh();
  };

  return (
    <Stack gap="md">
      <PanelHeader title="Policy" description={`${agencyName}${ori ? ` · ORI ${ori}` : ''} — ${profile.source}`} />

      <PolicyLimits info={info} onSaved={update} />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <AdministratorCard info={info} onChanged={update} />
        <FactCard title="Audits" testId="policy-audits">
          <Facts
            label="Audits"
            rows={[
              ['Cadence', cadenceText(audit.cadence), audit.cadence.cite],
              ['Sample', `At least ${audit.sample.inquiries} detection browsing inquiries`, audit.sample.cite],
              [
                'Drawn from',
                audit.lookback.months
                  ? `The preceding ${formatPeriod({ months: audit.lookback.months })}`
                  : 'Every inquiry since the previous audit',
                audit.lookback.cite,
              ],
              ['Conducted by', audit.conductedBy.who, audit.conductedBy.cite],
              ['Reported to', audit.reportedTo.who ?? 'Nobody named', audit.reportedTo.cite],
              ...(audit.outside
                ? ([
                    [
                      'Outside audit',
                      `${audit.outside.by}, every ${formatPeriod({ months: audit.outside.everyMonths })}`,
                      audit.outside.cite,
                    ],
                  ] as Fact[])
                : []),
              [
                'Data errors reported to',
                `${profile.corrections.reportTo}${profile.corrections.upstream ? ' (outside the department)' : ''}`,
                profile.corrections.cite,
              ],
            ]}
          />
        </FactCard>
        <FactCard title="Sharing" testId="policy-sharing">
          <Facts
            label="Sharing"
            rows={[
              ['Recipients', sharing.recipients.classes.map((c) => RECIPIENTS[c]).join('; '), sharing.recipients.cite],
              ...(sharing.lawLimit
                ? ([
                    [
                      'Under the law',
                      'California state or local public agencies only: a release meets this and the policy',
                      sharing.lawLimit.cite,
                    ],
                  ] as Fact[])
                : []),
              [
                'Immigration enforcement',
                sharing.immigrationEnforcement.prohibited ? 'Never shared for it' : 'Not addressed',
                sharing.immigrationEnforcement.cite,
              ],
              ...(sharing.outOfState
                ? ([
                    ['Outside California', 'Only on an exigent circumstance or a court order', sharing.outOfState.cite],
                  ] as Fact[])
                : []),
              [
                'Written request',
                sharing.writtenRequest.required
                  ? `Required${sharing.writtenRequest.keptOnFile ? '; the approved request is kept on file' : ''}`
                  : 'Not required',
                sharing.writtenRequest.cite,
              ],
              [
                'Agreement instead',
                sharing.agreement.allowed ? 'A signed agreement may stand in for a request' : 'No',
                sharing.agreement.cite,
              ],
              ['Approved by', sharing.approver.who, sharing.approver.cite],
              ['Anyone else', sharing.otherRequests.process, sharing.otherRequests.cite],
            ]}
          />
        </FactCard>
        <FactCard title="Inquiries and hits" testId="policy-inquiries">
          <Facts
            label="Inquiries and hits"
            rows={[
              [
                'Every inquiry carries',
                `${profile.inquiry.numberRequired ? 'The' : 'A'} ${orList(profile.inquiry.numberKinds.map((k) => numberKindLabel(k).toLowerCase()))} number${
                  profile.inquiry.numberRequired
                    ? ' (required)'
                    : ', or a description specific enough to identify the incident'
                }, and the reason`,
                profile.inquiry.cite,
              ],
              [
                'Hit validated before a stop',
                profile.hits.validationBeforeStop.required ? 'Required' : 'Not required',
                profile.hits.validationBeforeStop.cite,
              ],
              [
                'General hot lists refreshed',
                `Every ${profile.hotLists.generalRefresh.everyHours} hours`,
                profile.hotLists.generalRefresh.cite,
              ],
            ]}
          />
        </FactCard>
        <FactCard title="Who may use ALPR" testId="policy-users">
          <Facts
            label="Who may use ALPR"
            rows={[
              ...profile.classifications.map((c): Fact => ['Classification', c.label, c.cite]),
              ['Training counts for', formatPeriod(training.validity.period), training.validity.cite],
              [
                'Training covers',
                training.topics.required.length > 0
                  ? training.topics.required.map((t) => t.label).join('; ')
                  : training.topics.curriculum
                    ? `The ${training.topics.curriculum} curriculum`
                    : 'No topics listed',
                training.topics.cite,
              ],
              [
                'Sign-in',
                `Passwords of ${profile.security.minPasswordLength}+ characters; locked after ${profile.security.maxFailedLogins} failed sign-ins; idle lock after ${profile.security.idleLockMinutes} minutes`,
                profile.security.cite,
              ],
            ]}
          />
        </FactCard>
        <FactCard title="Authorized purposes" testId="policy-purposes">
          <Facts label="Authorized purposes" rows={profile.purposes.map((p): Fact => ['Purpose', p.label, p.cite])} />
        </FactCard>
      </SimpleGrid>

      {profile.notes.length > 0 ? (
        <FactCard title="Notes" testId="policy-notes">
          <Stack gap="sm">
            {profile.notes.map((n) => (
              <Alert key={n.topic} variant="light" color="gray" title={n.topic}>
                <Text size="sm">{n.text}</Text>
                <Group gap={6} mt={6}>
                  {n.cites.map((c, i) => (
                    <CitationTag key={i} cite={c} />
                  ))}
                </Group>
              </Alert>
            ))}
          </Stack>
        </FactCard>
      ) : null}
    </Stack>
  );
}
