import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Labelled, ProfileSummary, Role, SessionInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { AuthLayout } from '../../ui/AuthLayout';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { IconInfo } from '../../ui/icons';
import { agencyToday } from '../../ui/format';
import {
  validateNewPassword,
  validatePasswordConfirmation,
  validateTrainingDate,
  validateUsername,
} from './validation';
import { TrainingTopics } from './UserDialogs';

/** The password floor until a profile says otherwise (every shipped profile asks for 12). */
const DEFAULT_MIN_PASSWORD = 12;

type Values = {
  profileId: string;
  agencyName: string;
  ori: string;
  username: string;
  fullName: string;
  badgeId: string;
  classification: string;
  alsoInvestigator: boolean;
  password: string;
  confirm: string;
  course: string;
  completedOn: string;
  instructor: string;
  topics: string[];
};

/** With classifications the field is a Select, without them a validated text field. */
function classificationsOf(profile: ProfileSummary | undefined): Labelled[] | null {
  return profile?.classifications.length ? profile.classifications : null;
}

/** Before a profile is chosen, the zone of every shipped profile (all are Californian). */
function timeZoneOf(profile: ProfileSummary | undefined): string {
  return profile?.timeZone ?? 'America/Los_Angeles';
}

function minPasswordOf(profile: ProfileSummary | undefined): number {
  return profile?.minPasswordLength ?? DEFAULT_MIN_PASSWORD;
}

const STEP_FIELDS: (keyof Values)[][] = [
  ['profileId', 'agencyName', 'ori'],
  ['username', 'fullName', 'badgeId', 'classification', 'password', 'confirm'],
  ['course', 'completedOn', 'instructor'],
];

export function SetupScreen({ onDone }: { onDone: (s: SessionInfo) => void }) {
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const profilesRef = useRef<ProfileSummary[]>([]);
  profilesRef.current = profiles ?? [];

  useEffect(() => {
    call('setup.profiles')
      .then(setProfiles)
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  const form = useForm<Values>({
    initialValues: {
      profileId: '',
      agencyName: '',
      ori: '',
      username: '',
      fullName: '',
      badgeId: '',
      classification: '',
      alsoInvestigator: false,
      password: '',
      confirm: '',
      course: '',
      completedOn: '',
      instructor: '',
      topics: [],
    },
    validate: {
      profileId: (v) => (v ? null : 'Choose the policy your agency adopted'),
      agencyName: (v) => (v.trim().length >= 2 ? null : 'Enter the agency’s name'),
      ori: (v) =>
        !v.trim() || /^[A-Z]{2}[A-Z0-9]{7}$/.test(v.trim().toUpperCase())
          ? null
          : 'An ORI is 9 characters: the state’s two letters and seven letters or digits, e.g. CA0010900',
      username: validateUsername,
      fullName: (v) => (v.trim().length >= 2 ? null : 'Enter the administrator’s full name'),
      badgeId: (v) => (v.trim() ? null : 'Enter the badge or employee number'),
      classification: (v) =>
        !v.trim()
          ? 'Choose the job classification the policy authorizes'
          : /^[a-z0-9_]+$/.test(v.trim())
            ? null
            : 'Use the classification id from the policy: lower-case words joined by underscores, e.g. sworn_officer',
      password: (v, values) =>
        validateNewPassword(v, minPasswordOf(profilesRef.current.find((p) => p.id === values.profileId))) ??
        (values.username.trim() && v.toLowerCase().includes(values.username.trim().toLowerCase())
          ? 'The password must not contain the username'
          : null),
      confirm: (v, values) => validatePasswordConfirmation(v, values.password),
      course: (v) => (v.trim().length >= 2 ? null : 'Enter the course the administrator completed'),
      completedOn: (v, values) =>
        validateTrainingDate(v, timeZoneOf(profilesRef.current.find((p) => p.id === values.profileId))),
      instructor: (v) => (v.trim().length >= 2 ? null : 'Enter who taught or certified the course'),
    },
  });

  const profile = profiles?.find((p) => p.id === form.values.profileId);
  const classifications = classificationsOf(profile);

  const stepValid = (step: number) => {
    let ok = true;
    for (const field of STEP_FIELDS[step] ?? []) {
      if (form.validateField(field).hasError) ok = false;
    }
    return ok;
  };

  const next = () => {
    if (stepValid(active)) setActive((s) => Math.min(s + 1, 2));
  };

  const submit = form.onSubmit(
    async (v) => {
      setBusy(true);
      setError(null);
      const roles: Role[] = v.alsoInvestigator ? ['administrator', 'investigator'] : ['administrator'];
      try {
        const session = await call('setup.create', {
          agency: {
            name: v.agencyName.trim(),
            profileId: v.profileId,
            ...(v.ori.trim() ? { ori: v.ori.trim().toUpperCase() } : {}),
          },
          admin: {
            username: v.username.trim(),
            fullName: v.fullName.trim(),
            badgeId: v.badgeId.trim(),
            classification: v.classification.trim(),
            roles,
            password: v.password,
            training: {
              course: v.course.trim(),
              completedOn: v.completedOn,
              instructor: v.instructor.trim(),
              topics: v.topics,
            },
          },
        });
        onDone(session);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    () => {
      // Jump to the first step with a problem so the message is on screen.
      const errors = form.errors;
      const step = STEP_FIELDS.findIndex((fields) => fields.some((f) => errors[f]));
      if (step >= 0) setActive(step);
    },
  );

  if (loadError) {
    return (
      <AuthLayout screen="setup" width={720}>
        <ErrorAlert title="The policy profiles could not be read" message={loadError} />
      </AuthLayout>
    );
  }
  if (!profiles) {
    return (
      <AuthLayout screen="setup" width={720}>
        <LoadingView label="Reading policy profiles…" />
      </AuthLayout>
    );
  }

  const profileOptions = profiles.map((p) => ({ value: p.id, label: p.agencyName }));

  return (
    <AuthLayout screen="setup" width={760} subtitle="First-run setup">
      <form
        noValidate
        aria-labelledby="setup-title"
        onSubmit={(e) => {
          if (active < 2) {
            e.preventDefault();
            next();
            return;
          }
          submit(e);
        }}
      >
        <Stack gap="lg">
          <div>
            <Title order={1} size="h2" id="setup-title">
              Set up this workstation
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              Choose your agency’s ALPR policy and create the first ALPR administrator. The store is encrypted with a
              key only this administrator’s password (and the accounts they create) can unlock.
            </Text>
          </div>

          <Stepper
            active={active}
            onStepClick={(s) => s < active && setActive(s)}
            size="sm"
            allowNextStepsSelect={false}
          >
            <Stepper.Step label="Agency" description="Policy profile">
              <Stack gap="sm" mt="md">
                <Select
                  label="Policy profile"
                  description="The ALPR usage and privacy policy your agency adopted. Limits and purposes come from it."
                  placeholder="Choose a policy"
                  data={profileOptions}
                  searchable
                  nothingFoundMessage="No policy by that name"
                  {...form.getInputProps('profileId')}
                  onChange={(id) => {
                    const prev = profiles.find((p) => p.id === form.values.profileId);
                    const chosen = profiles.find((p) => p.id === id);
                    form.setFieldValue('profileId', id ?? '');
                    if (chosen && (!form.values.agencyName || form.values.agencyName === prev?.agencyName)) {
                      form.setFieldValue('agencyName', chosen.agencyName);
                    }
                    form.setFieldValue('classification', '');
                    form.setFieldValue('topics', []);
                  }}
                />
                {profile ? (
                  <Alert variant="light" color="canvass" icon={<IconInfo />} data-testid="profile-source">
                    <Text size="sm">{profile.source}</Text>
                  </Alert>
                ) : null}
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label="Agency name" {...form.getInputProps('agencyName')} />
                  <TextInput
                    label="ORI (optional)"
                    description="NCIC originating agency identifier"
                    placeholder="CA0010900"
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    {...form.getInputProps('ori')}
                  />
                </SimpleGrid>
              </Stack>
            </Stepper.Step>

            <Stepper.Step label="Administrator" description="First account">
              <Stack gap="sm" mt="md">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label="Full name" autoComplete="name" {...form.getInputProps('fullName')} />
                  <TextInput
                    label="Username"
                    autoComplete="username"
                    spellCheck={false}
                    {...form.getInputProps('username')}
                  />
                  <TextInput label="Badge or employee number" {...form.getInputProps('badgeId')} />
                  {classifications ? (
                    <Select
                      label="Job classification"
                      data={classifications.map((c) => ({ value: c.id, label: c.label }))}
                      {...form.getInputProps('classification')}
                    />
                  ) : (
                    <TextInput
                      label="Job classification"
                      description="As the policy names it, e.g. sworn_officer"
                      spellCheck={false}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      {...form.getInputProps('classification')}
                    />
                  )}
                  <PasswordInput
                    label="Password"
                    description={`At least ${minPasswordOf(profile)} characters`}
                    autoComplete="new-password"
                    {...form.getInputProps('password')}
                  />
                  <PasswordInput
                    label="Confirm password"
                    description="Type it again"
                    autoComplete="new-password"
                    {...form.getInputProps('confirm')}
                  />
                </SimpleGrid>
                <Checkbox
                  label="This administrator also investigates (may open purposes and search ALPR data)"
                  {...form.getInputProps('alsoInvestigator', { type: 'checkbox' })}
                />
              </Stack>
            </Stepper.Step>

            <Stepper.Step label="Training" description="Administrator’s record">
              <Stack gap="sm" mt="md">
                <Text size="sm" c="dimmed">
                  The policy requires current ALPR training before anyone uses the system. Record the administrator’s
                  most recent course.
                </Text>
                <TextInput label="Course" placeholder="ALPR system user training" {...form.getInputProps('course')} />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label="Completed on"
                    type="date"
                    max={agencyToday(timeZoneOf(profile))}
                    {...form.getInputProps('completedOn')}
                  />
                  <TextInput label="Instructor" {...form.getInputProps('instructor')} />
                </SimpleGrid>
                <TrainingTopics
                  topics={profile?.trainingTopics ?? []}
                  value={form.values.topics}
                  onChange={(v) => form.setFieldValue('topics', v)}
                />
              </Stack>
            </Stepper.Step>
          </Stepper>

          <ErrorAlert title="Setup was refused" message={error} testId="setup-error" />

          <Group justify="space-between">
            <Button variant="default" onClick={() => setActive((s) => Math.max(0, s - 1))} disabled={active === 0}>
              Back
            </Button>
            {active < 2 ? (
              <Button type="submit">Next</Button>
            ) : (
              <Button type="submit" loading={busy}>
                Create workstation
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
