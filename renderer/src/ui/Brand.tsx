import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconScan } from './icons';

export function BrandMark({ size = 34 }: { size?: number }) {
  return (
    <ThemeIcon size={size} radius="md" variant="filled" aria-hidden="true">
      <IconScan size={Math.round(size * 0.62)} strokeWidth={2.2} />
    </ThemeIcon>
  );
}

export function Brand({ subtitle }: { subtitle?: string | undefined }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <BrandMark />
      <div>
        <Text fw={750} size="lg" lh={1.1} style={{ letterSpacing: '-0.01em' }}>
          Canvass
        </Text>
        {subtitle ? (
          <Text size="xs" c="dimmed" lh={1.2}>
            {subtitle}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}
