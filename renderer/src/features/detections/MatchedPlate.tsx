import type { MatchExplanation } from '../../../../preload/contract';
import { SpokenPlate } from '../../ui/SpokenPlate';

type Mark = 'similar' | 'near';

/**
 * A plate with the characters that made it a similar or near match marked, so the eye goes straight to the
 * "8" read where the witness said "B". Positions in `MatchExplanation` are 1-based in the plate.
 */
export function MatchedPlate({ plate, match }: { plate: string; match: MatchExplanation | null }) {
  const marks = new Map<number, Mark>();
  let missingBefore: number | null = null;
  if (match) {
    for (const s of match.similar) marks.set(s.position - 1, 'similar');
    const n = match.nearMiss;
    if (n?.kind === 'extra') marks.set(n.position - 1, 'near');
    if (n?.kind === 'swapped') {
      marks.set(n.position - 1, 'near');
      marks.set(n.position, 'near');
    }
    if (n?.kind === 'missing') missingBefore = n.position - 1;
  }
  const chars = [...plate];
  return (
    <span className="plate cv-matched-plate">
      <SpokenPlate plate={plate}>
        {chars.map((c, i) => (
          <span key={i}>
            {missingBefore === i ? (
              <span className="cv-missing" title="A character of the pattern is missing here" />
            ) : null}
            {marks.has(i) ? (
              <mark className={`cv-mark cv-mark-${marks.get(i)}`} title={markTitle(marks.get(i)!)}>
                {c}
              </mark>
            ) : (
              c
            )}
          </span>
        ))}
        {missingBefore !== null && missingBefore >= chars.length ? (
          <span className="cv-missing" title="A character of the pattern is missing here" />
        ) : null}
      </SpokenPlate>
    </span>
  );
}

function markTitle(m: Mark): string {
  return m === 'similar' ? 'Taken as a similar-looking character' : 'Near miss: extra or swapped character';
}
