import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Menu, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { PolicyInfo, UserSummary } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { useSession } from '../../shared/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import {
  IconBan,
  IconCheck,
  IconClock,
  IconDots,
  IconKey,
  IconLock,
  IconPlus,
  IconSchool,
  IconShield,
  IconUsers,
} from '../../ui/icons';
import { useLoad } from '../../ui/useLoad';
import { ROLE_NAMES } from '../../ui/roleNames';
import { TrainingBadge } from './TrainingBadge';
import {
  AddUserDialog,
  DisableUserDialog,
  RecordTrainingDialog,
  NewPasswordDialog,
  SetRolesDialog,
  TrainingHistoryDialog,
} from './UserDialogs';

export type UserAction = 'training' | 'history' | 'roles' | 'reset' | 'disable' | 'enable';

export function UsersPanel() {
  const { session } = useSession();
  const users = useLoad(() => call('users.list'));
  const policy = useLoad<PolicyInfo>(() => call('policy.get'));
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<{ kind: UserAction; user: UserSummary } | null>(null);
  const [flash, setFlash] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const classifications = policy.data?.profile.classifications ?? [];
  const topics = policy.data?.profile.training.topics.required ?? [];
  const classificationLabel = (id: string) => classifications.find((c) => c.id === id)?.label ?? id;
  const minPassword = policy.data?.profile.security.minPasswordLength ?? 12;

  const done = (text: string) => {
    setFlash({ tone: 'ok', text });
    setAction(null);
    setAdding(false);
    void users.reload();
  };

  const unlock = async (user: UserSummary) => {
    try {
      await call('users.unlock', { userId: user.id });
      done(`${user.fullName} can sign in again.`);
    } catch (e) {
      setFlash({ tone: 'error', text: errorMessage(e) });
    }
  };

  return (
    <Stack gap="md">
      <PanelHeader
        title="Users & training"
        description="Accounts on this workstation, their roles and whether their ALPR training is current."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} disabled={!policy.data}>
            Add user
          </Button>
        }
      />
      {flash ? (
        <Alert
          color={flash.tone === 'ok' ? 'teal' : 'red'}
          variant="light"
          icon={flash.tone === 'ok' ? <IconCheck /> : undefined}
          withCloseButton
          onClose={() => setFlash(null)}
          role={flash.tone === 'ok' ? 'status' : 'alert'}
          data-testid="users-flash"
        >
          {flash.text}
        </Alert>
      ) : null}
      <ErrorAlert title="The policy could not be read" message={policy.error} />
      {users.error ? (
        <ErrorAlert title="Users could not be listed" message={users.error} />
      ) : !users.data ? (
        <LoadingView label="Loading users…" />
      ) : users.data.length === 0 ? (
        <StateView
          icon={<IconUsers size={28} />}
          title="No users yet"
          description="Add the people who will use Canvass."
        />
      ) : (
        <div className="table-scroll">
          <Table highlightOnHover data-testid="users-table" aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Badge</Table.Th>
                <Table.Th>Classification</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Training</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th w={48}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((u) => (
                <Table.Tr key={u.id} data-username={u.username}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {u.fullName}
                      {u.id === session.userId ? (
                        <Text span size="xs" c="dimmed" fw={400}>
                          {' '}
                          (you)
                        </Text>
                      ) : null}
                    </Text>
                    <Text size="xs" c="dimmed" className="mono">
                      {u.username}
                    </Text>
                  </Table.Td>
                  <Table.Td className="mono">{u.badgeId}</Table.Td>
                  <Table.Td>
                    {classificationLabel(u.classification)}
                    {u.classificationAllowed ? null : (
                      <Badge
                        color="red"
                        variant="light"
                        size="sm"
                        ml={6}
                        title="The policy does not list this classification: no ALPR data"
                      >
                        Not allowed by the policy
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.roles.map((r) => (
                        <Badge key={r} variant="default" size="sm">
                          {ROLE_NAMES[r]}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <TrainingBadge training={u.training} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.disabled ? (
                        <Badge color="red" variant="filled" size="sm">
                          Disabled
                        </Badge>
                      ) : null}
                      {u.lockedOut ? (
                        <Badge color="orange" variant="filled" size="sm">
                          Locked out
                        </Badge>
                      ) : null}
                      {!u.disabled && !u.lockedOut ? (
                        <Badge color="teal" variant="dot" size="sm">
                          Active
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" width={230} shadow="md">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${u.fullName}`}>
                          <IconDots />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Label>Training</Menu.Label>
                        <Menu.Item
                          leftSection={<IconSchool size={16} />}
                          onClick={() => setAction({ kind: 'training', user: u })}
                        >
                          Record training
                        </Menu.Item>
                        <Menu.Item
                          leftSection={<IconClock size={16} />}
                          onClick={() => setAction({ kind: 'history', user: u })}
                        >
                          Training history
                        </Menu.Item>
                        <Menu.Label>Account</Menu.Label>
                        <Menu.Item
                          leftSection={<IconShield size={16} />}
                          onClick={() => setAction({ kind: 'roles', user: u })}
                        >
                          Set roles
                        </Menu.Item>
                        {u.lockedOut ? (
                          <Menu.Item leftSection={<IconLock size={16} />} onClick={() => void unlock(u)}>
                            Unlock account
                          </Menu.Item>
                        ) : null}
                        {!u.disabled ? (
                          <Menu.Item
                            leftSection={<IconKey size={16} />}
                            onClick={() => setAction({ kind: 'reset', user: u })}
                          >
                            Reset password
                          </Menu.Item>
                        ) : null}
                        {u.disabled ? (
                          <Menu.Item
                            leftSection={<IconCheck size={16} />}
                            onClick={() => setAction({ kind: 'enable', user: u })}
                          >
                            Re-enable…
                          </Menu.Item>
                        ) : u.id !== session.userId ? (
                          <Menu.Item
                            color="red"
                            leftSection={<IconBan size={16} />}
                            onClick={() => setAction({ kind: 'disable', user: u })}
                          >
                            Disable…
                          </Menu.Item>
                        ) : null}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}

      {policy.data ? (
        <AddUserDialog
          opened={adding}
          onClose={() => setAdding(false)}
          classifications={classifications}
          topics={topics}
          minPassword={minPassword}
          onDone={done}
        />
      ) : null}
      <RecordTrainingDialog
        user={action?.kind === 'training' ? action.user : null}
        topics={topics}
        onClose={() => setAction(null)}
        onDone={done}
      />
      <TrainingHistoryDialog
        user={action?.kind === 'history' ? action.user : null}
        topics={topics}
        onClose={() => setAction(null)}
      />
      <SetRolesDialog
        user={action?.kind === 'roles' ? action.user : null}
        onClose={() => setAction(null)}
        onDone={done}
      />
      <NewPasswordDialog
        kind="reset"
        user={action?.kind === 'reset' ? action.user : null}
        minPassword={minPassword}
        onClose={() => setAction(null)}
        onDone={done}
      />
      <DisableUserDialog
        user={action?.kind === 'disable' ? action.user : null}
        onClose={() => setAction(null)}
        onDone={done}
      />
      <NewPasswordDialog
        kind="enable"
        user={action?.kind === 'enable' ? action.user : null}
        minPassword={minPassword}
        onClose={() => setAction(null)}
        onDone={done}
      />
    </Stack>
  );
}
