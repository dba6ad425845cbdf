import type { SessionInfo } from '../../../preload/contract';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useNavigation } from '../shared/workspaceNav';
import type { AnalysisView } from './AnalysesWorkspace';
import {
  ActionIcon,
  Alert,
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Button,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { ROLE_NAMES } from '../ui/roleNames';
import { hasRole, useSession, useSessionFollowsSync } from '../shared/session';
import { Brand } from '../ui/Brand';
import { ThemeToggle } from '../ui/ThemeToggle';
import {
  IconAlert,
  IconCar,
  IconCalendar,
  IconCheck,
  IconCopy,
  IconFolder,
  IconKey,
  IconList,
  IconLock,
  IconLogout,
  IconRefresh,
  IconRoute,
  IconSearch,
  IconSettings,
  IconShield,
  IconShieldCheck,
  IconStack,
  IconSwitch,
  IconTrash,
  IconUsers,
} from '../ui/icons';
import { ChangePasswordDialog } from '../features/access/ChangePasswordDialog';
import { formatDate, initials } from '../ui/format';
import { useTimeDisplay } from '../ui/timeDisplay';
import { PurposeBar } from '../features/access/PurposeBar';
import { OpenPurposeDialog } from '../features/access/OpenPurposeDialog';
import { SearchWorkspace } from './SearchWorkspace';
import { UsersPanel } from '../features/access/UsersPanel';
import { PolicyPanel } from '../features/access/PolicyPanel';
import { AccessLogPanel } from '../features/audit/AccessLogPanel';
import { AuditsPanel } from '../features/audit/AuditsPanel';
import { SyncPanel } from '../features/sync/SyncPanel';
import { SettingsPanel } from '../features/settings/SettingsPanel';
import { RetentionPanel } from '../features/retention/RetentionPanel';
import { ApprovalsPanel } from '../features/hotlists/ApprovalsPanel';
import { AlertsAnnouncer, useNewAlerts } from '../features/hotlists/NewAlerts';
import { HitsWorkspace, HotlistsWorkspace } from './HitsWorkspace';
import { dropSpare } from '../shared/map/spareMap';

// The analyses and the case view load when first shown, not with the first screen.
const AnalysisWorkspace = lazy(() => import('./AnalysesWorkspace').then((m) => ({ default: m.AnalysisWorkspace })));
const CaseWorkspace = lazy(() => import('./AnalysesWorkspace').then((m) => ({ default: m.CaseWorkspace })));
const EvidenceWorkspace = lazy(() => import('./EvidenceWorkspace').then((m) => ({ default: m.EvidenceWorkspace })));
const ReleasesPanel = lazy(() =>
  import('../features/releases/ReleasesPanel').then((m) => ({ default: m.ReleasesPanel })),
);

type View =
  | 'search'
  | 'sync'
  | 'users'
  | 'policy'
  | 'accessLog'
  | 'audits'
  | 'settings'
  | 'hits'
  | 'hotlists'
  | 'approvals'
  | AnalysisView
  | 'case'
  | 'evidence'
  | 'releases'
  | 'retention';

/** The investigative analyses (docs/analyses.md), each a screen of the workspace. */
const ANALYSES: { view: AnalysisView; label: string; description: string; icon: React.ReactNode }[] = [
  { view: 'commonVehicles', label: 'Common vehicles', description: 'Seen near several scenes', icon: <IconStack /> },
  { view: 'travellingTogether', label: 'Travelling together', description: 'Seen beside a plate', icon: <IconRoute /> },
  { view: 'plateHabits', label: 'Usual places', description: 'Where a plate was seen', icon: <IconCalendar /> },
  { view: 'clonedPlates', label: 'Cloned plates', description: 'One plate, two vehicles', icon: <IconCopy /> },
];

/** Screens that fill the window and stay mounted once shown (their work survives a trip elsewhere). */
const KEPT: readonly View[] = ['search', ...ANALYSES.map((a) => a.view), 'case'];

export function WorkspaceShell() {
  const { session, signOut, lock } = useSession();
  const [view, setView] = useState<View>('search');
  const [purposeOpen, purposeDialog] = useDisclosure(false);
  // Below the md breakpoint (a narrow window, or 1366×768 at 200 % zoom) the navigation folds behind a burger.
  const [navOpen, navToggle] = useDisclosure(false);
  // Choosing a screen folds it away again (only on the view's change: the handlers are new on each render).
  useEffect(() => navToggle.close(), [view]);
  const [passwordOpen, passwordDialog] = useDisclosure(false);
  const [notice, setNotice] = useState<string | null>(null);
  const isAdmin = hasRole(session, 'administrator');
  const canReadLog = hasRole(session, 'administrator', 'records_custodian');
  const canApprove = hasRole(session, 'administrator', 'investigator');
  const isTechnician = hasRole(session, 'evidence_technician');
  const alerts = useNewAlerts();
  const [openHit, setOpenHit] = useState<{ hitId: number; n: number } | null>(null);
  const showHit = (hitId: number) => {
    setOpenHit((o) => ({ hitId, n: (o?.n ?? 0) + 1 }));
    setView('hits');
  };
  useSessionFollowsSync();
  // The map made ahead for the next screen goes with the workspace (sign-out, lock).
  useEffect(() => dropSpare, []);
  // Times everywhere follow the Settings toggle: the shell re-renders every view under it when it changes.
  useTimeDisplay();

  useHotkeys([['mod+shift+P', () => purposeDialog.open()]], []);
  // A screen asks for another (a read's detail: "who travels with it").
  useNavigation((v) => setView(v));
  // Kept screens are mounted on their first showing, then only hidden.
  const [shown, setShown] = useState<ReadonlySet<View>>(() => new Set<View>(['search']));
  if (!shown.has(view)) setShown(new Set([...shown, view]));

  const current =
    view === 'users' && !isAdmin
      ? 'search'
      : view === 'policy' && !isAdmin
        ? 'search'
        : view === 'accessLog' && !canReadLog
          ? 'search'
          : view === 'evidence' && !isTechnician
            ? 'search'
            : view === 'releases' && !canReadLog
              ? 'search'
              : view === 'retention' && !isAdmin
                ? 'search'
                : view;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 236, breakpoint: 'md', collapsed: { mobile: !navOpen } }}
      padding="lg"
      data-screen="workspace"
    >
      <AppShell.Header px="lg">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={navToggle.toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={navOpen ? 'Hide the navigation' : 'Show the navigation'}
              aria-expanded={navOpen}
              aria-controls="main-navigation"
            />
            <Brand subtitle={session.agencyName} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group gap="xs" wrap="nowrap" data-testid="header-user">
              <Avatar radius="xl" size={34} color="canvass" variant="light">
                {initials(session.fullName)}
              </Avatar>
              <Box visibleFrom="xs">
                <Text size="sm" fw={600} lh={1.2}>
                  {session.fullName}
                </Text>
                <Text size="xs" c="dimmed" lh={1.2}>
                  {session.roles.map((r) => ROLE_NAMES[r]).join(' · ')}
                </Text>
              </Box>
            </Group>
            <Divider orientation="vertical" />
            <ThemeToggle />
            <Tooltip label="Change your password">
              <ActionIcon variant="default" size="lg" aria-label="Change your password" onClick={passwordDialog.open}>
                <IconKey />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Lock the workstation">
              <ActionIcon variant="default" size="lg" aria-label="Lock the workstation" onClick={() => void lock()}>
                <IconLock />
              </ActionIcon>
            </Tooltip>
            <Button
              variant="default"
              leftSection={<IconLogout size={16} />}
              onClick={() => void signOut()}
              visibleFrom="md"
            >
              Sign out
            </Button>
            <Tooltip label="Sign out">
              <ActionIcon
                variant="default"
                size="lg"
                aria-label="Sign out"
                onClick={() => void signOut()}
                hiddenFrom="md"
              >
                <IconLogout />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      {/* One line a link (the case's number excepted): every screen fits 1366×768 without scrolling the navigation. */}
      {/* New alerts are announced wherever the investigator is (the badge on Hits shows them). */}
      <VisuallyHidden role="status" data-testid="alerts-announcer">
        {alerts.count ? `${alerts.count} new alert${alerts.count === 1 ? '' : 's'}` : ''}
      </VisuallyHidden>
      <AppShell.Navbar p="sm" aria-label="Main navigation" id="main-navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            <div className="nav-section-label">Investigate</div>
            <NavLink
              component="button"
              label="Search"
              leftSection={<IconSearch />}
              active={current === 'search'}
              onClick={() => setView('search')}
              aria-current={current === 'search' ? 'page' : undefined}
            />
            <NavLink
              component="button"
              label="Hits"
              leftSection={<IconAlert />}
              rightSection={
                alerts.count ? (
                  <Badge size="sm" color="red" circle={alerts.count < 10} data-testid="nav-new-alerts">
                    {alerts.count}
                    <VisuallyHidden> new</VisuallyHidden>
                  </Badge>
                ) : null
              }
              active={current === 'hits'}
              onClick={() => {
                alerts.seen();
                setView('hits');
              }}
              aria-current={current === 'hits' ? 'page' : undefined}
            />
            <NavLink
              component="button"
              label="Hot lists"
              leftSection={<IconCar />}
              active={current === 'hotlists'}
              onClick={() => setView('hotlists')}
              aria-current={current === 'hotlists' ? 'page' : undefined}
            />
            {canApprove ? (
              <NavLink
                component="button"
                label="Approvals"
                leftSection={<IconShield />}
                active={current === 'approvals'}
                onClick={() => setView('approvals')}
                aria-current={current === 'approvals' ? 'page' : undefined}
              />
            ) : null}
            <NavLink
              component="button"
              label="Case"
              description={caseNav(session)}
              leftSection={<IconFolder />}
              active={current === 'case'}
              onClick={() => setView('case')}
              aria-current={current === 'case' ? 'page' : undefined}
            />
            {isTechnician ? (
              <NavLink
                component="button"
                label="Evidence"
                leftSection={<IconShieldCheck />}
                active={current === 'evidence'}
                onClick={() => setView('evidence')}
                aria-current={current === 'evidence' ? 'page' : undefined}
              />
            ) : null}
            <div className="nav-section-label" style={{ marginTop: 12 }}>
              Analyses
            </div>
            {ANALYSES.map((a) => (
              <NavLink
                component="button"
                key={a.view}
                label={a.label}
                title={a.description}
                leftSection={a.icon}
                active={current === a.view}
                onClick={() => setView(a.view)}
                aria-current={current === a.view ? 'page' : undefined}
              />
            ))}
            <div className="nav-section-label" style={{ marginTop: 12 }}>
              Workstation
            </div>
            <NavLink
              component="button"
              label="Sync"
              leftSection={<IconRefresh />}
              active={current === 'sync'}
              onClick={() => setView('sync')}
              aria-current={current === 'sync' ? 'page' : undefined}
            />
            <NavLink
              component="button"
              label="Settings"
              leftSection={<IconSettings />}
              active={current === 'settings'}
              onClick={() => setView('settings')}
              aria-current={current === 'settings' ? 'page' : undefined}
            />
            {isAdmin || canReadLog ? (
              <div className="nav-section-label" style={{ marginTop: 12 }}>
                Administration
              </div>
            ) : null}
            {isAdmin ? (
              <NavLink
                component="button"
                label="Users & training"
                leftSection={<IconUsers />}
                active={current === 'users'}
                onClick={() => setView('users')}
                aria-current={current === 'users' ? 'page' : undefined}
              />
            ) : null}
            {isAdmin ? (
              <NavLink
                component="button"
                label="Retention"
                leftSection={<IconTrash />}
                active={current === 'retention'}
                onClick={() => setView('retention')}
                aria-current={current === 'retention' ? 'page' : undefined}
              />
            ) : null}
            {isAdmin ? (
              <NavLink
                component="button"
                label="Policy"
                leftSection={<IconShield />}
                active={current === 'policy'}
                onClick={() => setView('policy')}
                aria-current={current === 'policy' ? 'page' : undefined}
              />
            ) : null}
            {canReadLog ? (
              <NavLink
                component="button"
                label="Releases"
                leftSection={<IconSwitch />}
                active={current === 'releases'}
                onClick={() => setView('releases')}
                aria-current={current === 'releases' ? 'page' : undefined}
              />
            ) : null}
            {canReadLog ? (
              <NavLink
                component="button"
                label="Access log"
                leftSection={<IconList />}
                rightSection={
                  session.integrityAlerts > 0 ? (
                    <Badge size="sm" color="red" variant="filled" data-testid="integrity-alerts">
                      {session.integrityAlerts}
                    </Badge>
                  ) : null
                }
                active={current === 'accessLog'}
                onClick={() => setView('accessLog')}
                aria-current={current === 'accessLog' ? 'page' : undefined}
              />
            ) : null}
            {canReadLog ? (
              <NavLink
                component="button"
                label="Audits of use"
                leftSection={<IconShieldCheck />}
                active={current === 'audits'}
                onClick={() => setView('audits')}
                aria-current={current === 'audits' ? 'page' : undefined}
              />
            ) : null}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <TrainingFootnote />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        {/* The search workspace fills the window (map and results scroll inside it); other views scroll the page. */}
        <Stack gap="md" className={KEPT.includes(current) ? 'workspace-fill' : undefined}>
          <PurposeBar onOpenPurpose={purposeDialog.open} />
          {notice ? (
            <Alert color="teal" variant="light" icon={<IconCheck />} withCloseButton onClose={() => setNotice(null)}>
              {notice}
            </Alert>
          ) : null}
          <TrainingBanner />
          {/* Search stays mounted while another view is shown (hidden): its form, results, selection, brushed span
              and map view survive a trip to Sync or Settings. The map follows its container's size when shown. */}
          <Box
            component="section"
            aria-label="Search"
            className={current === 'search' ? 'workspace-fill-body' : undefined}
            style={current === 'search' ? undefined : { display: 'none' }}
            data-testid="view-search"
          >
            <SearchWorkspace onOpenPurpose={purposeDialog.open} active={current === 'search'} onOpenHit={showHit} />
          </Box>
          {ANALYSES.map((a) =>
            shown.has(a.view) ? (
              <Box
                key={a.view}
                component="section"
                aria-label={a.label}
                className={current === a.view ? 'workspace-fill-body' : undefined}
                style={current === a.view ? undefined : { display: 'none' }}
                data-testid={`view-${a.view}`}
              >
                <Suspense fallback={null}>
                  <AnalysisWorkspace view={a.view} active={current === a.view} onOpenPurpose={purposeDialog.open} />
                </Suspense>
              </Box>
            ) : null,
          )}
          {shown.has('case') ? (
            <Box
              component="section"
              aria-label="Case"
              className={current === 'case' ? 'workspace-fill-body' : undefined}
              style={current === 'case' ? undefined : { display: 'none' }}
              data-testid="view-case"
            >
              <Suspense fallback={null}>
                <CaseWorkspace active={current === 'case'} onOpenPurpose={purposeDialog.open} />
              </Suspense>
            </Box>
          ) : null}
          {!KEPT.includes(current) ? (
            <Box component="section" aria-label={labelOf(current)}>
              {current === 'sync' ? <SyncPanel /> : null}
              {current === 'users' ? <UsersPanel /> : null}
              {current === 'policy' ? <PolicyPanel /> : null}
              {current === 'accessLog' ? <AccessLogPanel /> : null}
              {current === 'audits' ? <AuditsPanel /> : null}
              {current === 'settings' ? <SettingsPanel /> : null}
              {current === 'retention' ? <RetentionPanel /> : null}
              {current === 'hits' ? <HitsWorkspace active openRequest={openHit} /> : null}
              {current === 'hotlists' ? <HotlistsWorkspace /> : null}
              {current === 'approvals' ? <ApprovalsPanel /> : null}
              {current === 'releases' ? (
                <Suspense fallback={null}>
                  <ReleasesPanel onOpenPurpose={purposeDialog.open} />
                </Suspense>
              ) : null}
              {current === 'evidence' ? (
                <Suspense fallback={null}>
                  <EvidenceWorkspace onOpenPurpose={purposeDialog.open} />
                </Suspense>
              ) : null}
            </Box>
          ) : null}
        </Stack>
      </AppShell.Main>

      <AlertsAnnouncer message={alerts.message} />
      <OpenPurposeDialog opened={purposeOpen} onClose={purposeDialog.close} />
      <ChangePasswordDialog
        opened={passwordOpen}
        minPassword={session.minPasswordLength}
        onClose={passwordDialog.close}
        onDone={() => {
          passwordDialog.close();
          setNotice('Your password was changed. Use the new one from now on.');
        }}
      />
    </AppShell>
  );
}

function labelOf(view: View): string {
  const labels: Record<string, string> = {
    search: 'Search',
    sync: 'Sync',
    users: 'Users & training',
    policy: 'Policy',
    accessLog: 'Access log',
    settings: 'Settings',
    hits: 'Hits',
    hotlists: 'Hot lists',
    approvals: 'Approvals',
    case: 'Case',
    evidence: 'Evidence',
    releases: 'Releases',
    retention: 'Retention',
  };
  return labels[view] ?? ANALYSES.find((a) => a.view === view)?.label ?? view;
}

function TrainingBanner() {
  const { session } = useSession();
  if (session.training.current) return null;
  const t = session.training;
  const when =
    t.lastCompletedOn && t.missingTopics.length > 0
      ? `Your recorded ALPR training does not cover: ${t.missingTopics.join('; ')}.`
      : t.expiresOn
        ? `Your ALPR training expired on ${formatDate(t.expiresOn)}.`
        : 'No ALPR training is recorded for you.';
  return (
    <Alert color="orange" variant="light" icon={<IconAlert />} title="Training required" data-testid="training-banner">
      {when} ALPR data stays closed to you until the ALPR administrator records your refresher.
    </Alert>
  );
}

function TrainingFootnote() {
  const { session } = useSession();
  const t = session.training;
  return (
    <Box px="sm" py="xs">
      <Text size="xs" c="dimmed">
        Training
      </Text>
      <Text size="xs" c={t.current ? undefined : 'orange'} fw={500}>
        {t.current
          ? `Current until ${formatDate(t.expiresOn)}`
          : t.lastCompletedOn && t.missingTopics.length > 0
            ? `Missing ${t.missingTopics.length} required topic${t.missingTopics.length === 1 ? '' : 's'}`
            : t.expiresOn
              ? `Expired ${formatDate(t.expiresOn)}`
              : 'Not recorded'}
      </Text>
    </Box>
  );
}

/**
 * The Case link's line: the collection the open purpose builds. Only a case, incident, call or warrant number names
 * one (features/cases/openCase decides the same); an audit's number is none.
 */
function caseNav(session: SessionInfo): string {
  const p = session.purpose;
  const number = p?.numberKind ? p.number?.trim().toUpperCase() : undefined;
  return number ? `Collection of ${number}` : 'The open purpose’s case';
}
