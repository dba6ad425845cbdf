import { Badge } from '@mantine/core';
import type { TrainingStatus } from '../../../../preload/contract';
import { formatDate } from '../../ui/format';

export function TrainingBadge({ training }: { training: TrainingStatus }) {
  if (training.lastCompletedOn && training.missingTopics.length > 0) {
    return (
      <Badge color="orange" variant="light" title={`Not covered: ${training.missingTopics.join('; ')}`}>
        Missing {training.missingTopics.length} required topic{training.missingTopics.length === 1 ? '' : 's'}
      </Badge>
    );
  }
  if (training.current) {
    return (
      <Badge color="teal" variant="light" title={`Completed ${formatDate(training.lastCompletedOn)}`}>
        Current · until {formatDate(training.expiresOn)}
      </Badge>
    );
  }
  if (training.expiresOn) {
    return (
      <Badge color="orange" variant="light">
        Expired {formatDate(training.expiresOn)}
      </Badge>
    );
  }
  return (
    <Badge color="gray" variant="light">
      No training recorded
    </Badge>
  );
}
