import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, Stack, type ButtonProps, type ModalProps } from '@mantine/core';
import { Dialog } from './dialog';
import type { UseFormReturnType } from '@mantine/form';
import { errorMessage } from '../bridge';
import { ErrorAlert } from '../ui/StateView';

/**
 * What every dialog that submits to main needs: busy while main works, main's refusal shown word for word (the
 * dialog stays open with what was typed), and a close that resets the form and cannot interrupt a submit.
 */
export type FormDialogControl<V> = {
  busy: boolean;
  error: string | null;
  setError: (message: string | null) => void;
  /** Resets the form and the error, then closes (ignored while a submit runs). */
  close: () => void;
  /** A submit handler: validates the form (when there is one), runs `action`, shows its error if it fails. */
  onSubmit: (action: (values: V) => Promise<void>) => (event?: FormEvent<HTMLFormElement>) => void;
};

export function useFormDialog<V>(form: UseFormReturnType<V> | null, onClose: () => void): FormDialogControl<V> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    if (busy) return;
    form?.reset();
    setError(null);
    onClose();
  };
  const run = async (action: (values: V) => Promise<void>, values: V) => {
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (action: (values: V) => Promise<void>) => {
    if (form) return form.onSubmit((values) => void run(action, values));
    return (event?: FormEvent<HTMLFormElement>) => {
      event?.preventDefault();
      void run(action, undefined as V);
    };
  };
  return { busy, error, setError, close, onSubmit };
}

/**
 * A dialog that submits: a modal around a form, the fields, main's refusal, and Cancel beside the primary
 * action. Enter submits, Esc cancels (not while main is working).
 */
export function FormDialog<V>({
  control,
  opened,
  title,
  size,
  onSubmit,
  submitLabel,
  submitColor,
  errorTitle,
  errorTestId,
  footer,
  testId,
  children,
}: {
  control: FormDialogControl<V>;
  opened: boolean;
  title: ReactNode;
  size?: ModalProps['size'];
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  submitColor?: ButtonProps['color'];
  errorTitle?: string;
  errorTestId?: string;
  /** Beside the buttons, on the left (e.g. the keys that work here). */
  footer?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Dialog
      opened={opened}
      onClose={control.close}
      closeOnEscape={!control.busy}
      title={title}
      size={size}
      data-testid={testId}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {children}
          <ErrorAlert title={errorTitle} message={control.error} testId={errorTestId} />
          <Group justify={footer ? 'space-between' : 'flex-end'} gap="xs">
            {footer}
            <Group gap="xs">
              <Button variant="default" onClick={control.close}>
                Cancel
              </Button>
              <Button type="submit" color={submitColor} loading={control.busy}>
                {submitLabel}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
