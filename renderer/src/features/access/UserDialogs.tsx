import { useEffect, useState } from 'react';
import {
  Checkbox,
  Divider,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { Dialog } from '../../shared/dialog';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import type { Labelled, Role, TrainingRecord, UserSummary } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { IconSchool } from '../../ui/icons';
import { agencyToday, formatDate, formatDateTime } from '../../ui/format';
import { useSession } from '../../shared/session';
import { ALL_ROLES, ROLE_HINTS, ROLE_NAMES } from '../../ui/roleNames';
import { useLastDefined } from '../../ui/useLastDefined';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import {
  validateNewPassword,
  validatePasswordConfirmation,
  validateTrainingDate,
  validateUsername,
} from './validation';

type Done = (message: string) => void;

function RoleChecks({ value, onChange, error }: { value: Role[]; onChange: (roles: Role[]) => void; error?: unknown }) {
  return (
    <Checkbox.Group
      label="Roles"
      value={value}
      onChange={(v) => onChange(v as Role[])}
      error={typeof error === 'string' ? error : undefined}
    >
      <SimpleGrid cols={2} mt={6} spacing="xs">
        {ALL_ROLES.map((r) => (
          <Checkbox key={r} value={r} label={ROLE_NAMES[r]} description={ROLE_HINTS[r]} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

type AddValues = {
  fullName: string;
  username: string;
  badgeId: string;
  classification: string;
  roles: Role[];
  password: string;
  confirm: string;
  withTraining: boolean;
  course: string;
  completedOn: string;
  instructor: string;
  topics: string[];
};

export function AddUserDialog({
  opened,
  onClose,
  classifications,
  topics,
  minPassword,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  classifications: Labelled[];
  /** The policy's required training topics (empty when it lists none). */
  topics: Labelled[];
  minPassword: number;
  onDone: Done;
}) {
  const { timeZone } = useSession().session;
  const form = useForm<AddValues>({
    initialValues: {
      fullName: '',
      username: '',
      badgeId: '',
      classification: '',
      roles: ['investigator'],
      password: '',
      confirm: '',
      withTraining: true,
      course: '',
      completedOn: '',
      instructor: '',
      topics: [],
    },
    validate: {
      fullName: (v) => (v.trim().length >= 2 ? null : 'Enter the person’s full name'),
      username: validateUsername,
      badgeId: (v) => (v.trim() ? null : 'Enter the badge or employee number'),
      classification: (v) => (v ? null : 'Choose a job classification the policy authorizes'),
      roles: (v) => (v.length ? null : 'Give the account at least one role'),
      password: (v) => validateNewPassword(v, minPassword),
      confirm: (v, values) => validatePasswordConfirmation(v, values.password),
      course: (v, values) => (!values.withTraining || v.trim().length >= 2 ? null : 'Enter the course completed'),
      completedOn: (v, values) => (values.withTraining ? validateTrainingDate(v, timeZone) : null),
      instructor: (v, values) =>
        !values.withTraining || v.trim().length >= 2 ? null : 'Enter who taught or certified the course',
    },
  });

  const dialog = useFormDialog(form, onClose);
  const submit = dialog.onSubmit(async (v) => {
    const user = await call('users.create', {
      fullName: v.fullName.trim(),
      username: v.username.trim(),
      badgeId: v.badgeId.trim(),
      classification: v.classification,
      roles: v.roles,
      password: v.password,
    });
    if (v.withTraining) {
      try {
        await call('training.record', {
          userId: user.id,
          course: v.course.trim(),
          completedOn: v.completedOn,
          instructor: v.instructor.trim(),
          topics: v.topics,
        });
      } catch (e) {
        dialog.setError(
          `${user.fullName}’s account was created, but the training was not recorded: ${errorMessage(e)}`,
        );
        return;
      }
    }
    form.reset();
    onDone(
      `${user.fullName} (${user.username}) was added${v.withTraining ? ' with training' : ''}. Give them the temporary password in person.`,
    );
  });

  return (
    <FormDialog
      control={dialog}
      opened={opened}
      title="Add user"
      size="xl"
      testId="add-user-dialog"
      onSubmit={submit}
      submitLabel="Add user"
      errorTitle="The user was not added"
      errorTestId="add-user-error"
    >
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label="Full name" data-autofocus {...form.getInputProps('fullName')} />
        <TextInput label="Username" spellCheck={false} autoComplete="off" {...form.getInputProps('username')} />
        <TextInput label="Badge or employee number" {...form.getInputProps('badgeId')} />
        <Select
          label="Job classification"
          placeholder="Choose"
          data={classifications.map((c) => ({ value: c.id, label: c.label }))}
          {...form.getInputProps('classification')}
        />
      </SimpleGrid>
      <RoleChecks
        value={form.values.roles}
        onChange={(r) => form.setFieldValue('roles', r)}
        error={form.errors.roles}
      />
      <SimpleGrid cols={2} spacing="sm">
        <PasswordInput
          label="Temporary password"
          description={`At least ${minPassword} characters`}
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
      <Divider my={4} />
      <Switch
        label="Record this person’s ALPR training now"
        description="Without current training the account cannot search ALPR data."
        {...form.getInputProps('withTraining', { type: 'checkbox' })}
      />
      {form.values.withTraining ? <TrainingFields form={form} topics={topics} /> : null}
    </FormDialog>
  );
}

type TrainingForm = {
  getInputProps: (path: 'course' | 'completedOn' | 'instructor') => GetInputPropsReturnType;
  values: { topics: string[] };
  setFieldValue: (path: 'topics', value: string[]) => void;
};

/**
 * The course, its date and instructor, and — where the policy lists what training must cover — the topics it
 * covered: a course counts only for those (a topic missed means the training is not current).
 */
export function TrainingFields({ form, topics }: { form: TrainingForm; topics: Labelled[] }) {
  const { timeZone } = useSession().session;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={3} spacing="sm">
        <TextInput label="Course" placeholder="ALPR system user training" {...form.getInputProps('course')} />
        <TextInput
          label="Completed on"
          type="date"
          max={agencyToday(timeZone)}
          {...form.getInputProps('completedOn')}
        />
        <TextInput label="Instructor" {...form.getInputProps('instructor')} />
      </SimpleGrid>
      <TrainingTopics topics={topics} value={form.values.topics} onChange={(v) => form.setFieldValue('topics', v)} />
    </Stack>
  );
}

/** Tick what the course covered; "All required topics" ticks every one. */
export function TrainingTopics({
  topics,
  value,
  onChange,
}: {
  topics: Labelled[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  if (topics.length === 0) return null;
  const all = value.length === topics.length;
  return (
    <Stack gap={6} data-testid="training-topics">
      <Checkbox
        label="All required topics"
        description="The policy lists what ALPR training must cover. A course counts only for the topics it covered."
        checked={all}
        indeterminate={value.length > 0 && !all}
        onChange={() => onChange(all ? [] : topics.map((t) => t.id))}
      />
      <Checkbox.Group value={value} onChange={onChange} aria-label="Training topics covered">
        <SimpleGrid cols={2} spacing={6} ml="lg">
          {topics.map((t) => (
            <Checkbox key={t.id} value={t.id} label={t.label} size="xs" />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </Stack>
  );
}

export function RecordTrainingDialog({
  user,
  topics,
  onClose,
  onDone,
}: {
  user: UserSummary | null;
  topics: Labelled[];
  onClose: () => void;
  onDone: Done;
}) {
  const shown = useLastDefined(user);
  const { timeZone } = useSession().session;
  const form = useForm<{ course: string; completedOn: string; instructor: string; topics: string[] }>({
    initialValues: { course: '', completedOn: '', instructor: '', topics: [] },
    validate: {
      course: (v) => (v.trim().length >= 2 ? null : 'Enter the course completed'),
      completedOn: (v) => validateTrainingDate(v, timeZone),
      instructor: (v) => (v.trim().length >= 2 ? null : 'Enter who taught or certified the course'),
    },
  });
  const dialog = useFormDialog(form, onClose);
  const submit = dialog.onSubmit(async (v) => {
    if (!user) return;
    await call('training.record', {
      userId: user.id,
      course: v.course.trim(),
      completedOn: v.completedOn,
      instructor: v.instructor.trim(),
      topics: v.topics,
    });
    form.reset();
    onDone(`Training recorded for ${user.fullName}.`);
  });
  return (
    <FormDialog
      control={dialog}
      opened={user !== null}
      title={`Record training — ${shown?.fullName ?? ''}`}
      size="lg"
      onSubmit={submit}
      submitLabel="Record training"
    >
      <TrainingFields form={form} topics={topics} />
    </FormDialog>
  );
}

export function TrainingHistoryDialog({
  user,
  topics,
  onClose,
}: {
  user: UserSummary | null;
  topics: Labelled[];
  onClose: () => void;
}) {
  const shown = useLastDefined(user);
  const [records, setRecords] = useState<TrainingRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!user) return;
    setRecords(null);
    setError(null);
    call('training.list', { userId: user.id })
      .then(setRecords)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [user]);
  return (
    <Dialog opened={user !== null} onClose={onClose} title={`Training history — ${shown?.fullName ?? ''}`} size="xl">
      {error ? (
        <ErrorAlert message={error} />
      ) : !records ? (
        <LoadingView label="Loading training records…" />
      ) : records.length === 0 ? (
        <StateView
          icon={<IconSchool size={28} />}
          title="No training recorded"
          description="Record a course from the user’s menu."
        />
      ) : (
        <Table striped aria-label="Training records">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Completed</Table.Th>
              <Table.Th>Course</Table.Th>
              {topics.length > 0 ? <Table.Th>Topics covered</Table.Th> : null}
              <Table.Th>Instructor</Table.Th>
              <Table.Th>Recorded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td className="mono">{formatDate(r.completedOn)}</Table.Td>
                <Table.Td>{r.course}</Table.Td>
                {topics.length > 0 ? (
                  <Table.Td>
                    <Text size="xs">
                      {r.topics.length === topics.length
                        ? 'All required topics'
                        : r.topics.length === 0
                          ? 'None recorded'
                          : topics
                              .filter((t) => r.topics.includes(t.id))
                              .map((t) => t.label)
                              .join('; ')}
                    </Text>
                  </Table.Td>
                ) : null}
                <Table.Td>{r.instructor}</Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(r.recordedAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {r.recordedBy ? `by ${r.recordedBy}` : 'at setup'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Dialog>
  );
}

export function SetRolesDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserSummary | null;
  onClose: () => void;
  onDone: Done;
}) {
  const shown = useLastDefined(user);
  const [roles, setRoles] = useState<Role[]>([]);
  const dialog = useFormDialog<void>(null, onClose);
  const { setError } = dialog;
  useEffect(() => {
    if (user) {
      setRoles(user.roles);
      setError(null);
    }
  }, [user, setError]);
  const submit = dialog.onSubmit(async () => {
    if (!user) return;
    if (roles.length === 0) {
      setError('Give the account at least one role, or disable it instead.');
      return;
    }
    await call('users.setRoles', { userId: user.id, roles });
    onDone(`${user.fullName}’s roles were updated.`);
  });
  return (
    <FormDialog
      control={dialog}
      opened={user !== null}
      title={`Set roles — ${shown?.fullName ?? ''}`}
      size="lg"
      onSubmit={submit}
      submitLabel="Save roles"
    >
      <RoleChecks value={roles} onChange={setRoles} />
    </FormDialog>
  );
}

/** Setting a temporary password: an administrator's reset, or re-enabling a disabled account. */
const NEW_PASSWORD = {
  reset: {
    title: 'Reset password',
    intro: 'The person signs in with this temporary password. Give it to them in person.',
    submitLabel: 'Reset password',
    method: 'users.resetPassword',
    done: (name: string) => `${name}’s password was reset.`,
  },
  enable: {
    title: 'Re-enable account',
    intro: 'Re-enabling sets a new temporary password. Give it to the person in person.',
    submitLabel: 'Re-enable',
    method: 'users.enable',
    done: (name: string) => `${name} was re-enabled.`,
  },
} as const;

export function NewPasswordDialog({
  kind,
  user,
  minPassword,
  onClose,
  onDone,
}: {
  kind: keyof typeof NEW_PASSWORD;
  user: UserSummary | null;
  minPassword: number;
  onClose: () => void;
  onDone: Done;
}) {
  const { title, intro, submitLabel, method, done } = NEW_PASSWORD[kind];
  const shown = useLastDefined(user);
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => validateNewPassword(v, minPassword),
      confirm: (v, values) => validatePasswordConfirmation(v, values.password),
    },
  });
  const dialog = useFormDialog(form, onClose);
  const submit = dialog.onSubmit(async (v) => {
    if (!user) return;
    await call(method, { userId: user.id, password: v.password });
    form.reset();
    onDone(done(user.fullName));
  });
  return (
    <FormDialog
      control={dialog}
      opened={user !== null}
      title={`${title} — ${shown?.fullName ?? ''}`}
      onSubmit={submit}
      submitLabel={submitLabel}
    >
      <Text size="sm" c="dimmed">
        {intro}
      </Text>
      <PasswordInput
        label="New temporary password"
        description={`At least ${minPassword} characters`}
        autoComplete="new-password"
        data-autofocus
        {...form.getInputProps('password')}
      />
      <PasswordInput label="Confirm password" autoComplete="new-password" {...form.getInputProps('confirm')} />
    </FormDialog>
  );
}

export function DisableUserDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserSummary | null;
  onClose: () => void;
  onDone: Done;
}) {
  const shown = useLastDefined(user);
  const form = useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (v) => (v.trim().length >= 4 ? null : 'Say why the account is disabled (it goes in the access log)'),
    },
  });
  const dialog = useFormDialog(form, onClose);
  const submit = dialog.onSubmit(async ({ reason }) => {
    if (!user) return;
    await call('users.disable', { userId: user.id, reason: reason.trim() });
    form.reset();
    onDone(`${user.fullName} was disabled.`);
  });
  return (
    <FormDialog
      control={dialog}
      opened={user !== null}
      title={`Disable — ${shown?.fullName ?? ''}`}
      onSubmit={submit}
      submitLabel="Disable account"
      submitColor="red"
    >
      <Text size="sm" c="dimmed">
        A disabled account cannot sign in. Everything it did stays in the access log.
      </Text>
      <Textarea
        label="Reason"
        placeholder="e.g. Transferred out of the investigations bureau"
        data-autofocus
        autosize
        minRows={2}
        {...form.getInputProps('reason')}
      />
    </FormDialog>
  );
}
