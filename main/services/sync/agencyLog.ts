import type { AgencyLogPage } from '../../core/audit/agencyLog';
import { CanvassError } from '../../core/shared/errors';
import { getSyncSettings } from '../../store/repos/sync';
import { storeOf, type Context } from '../kernel/context';
import { AgencyClient } from './client';
import { toCanvassError } from './errors';
import { trustOf } from './http';
import { serverToken } from './service';

/** This workstation's id on the agency server, or null when it is not enrolled. */
export function enrolledWorkstationId(ctx: Context): string | null {
  return getSyncSettings(storeOf(ctx))?.workstationId ?? null;
}

/** One page of the agency-wide access log, with the signed-in user's server session (docs/sync-protocol.md). */
export async function fetchAgencyLogPage(ctx: Context, after: string, limit: number): Promise<AgencyLogPage> {
  const settings = getSyncSettings(storeOf(ctx));
  if (!settings) {
    throw new CanvassError(
      'CONFLICT',
      'This workstation is not enrolled with an agency server, so it cannot read the agency-wide log.',
    );
  }
  const token = await serverToken(ctx, null);
  const client = new AgencyClient(settings.serverUrl, trustOf(settings));
  client.token = token.value;
  try {
    return await client.agencyLog(after, limit);
  } catch (err) {
    throw toCanvassError(err);
  } finally {
    client.close();
  }
}
