import { describe, expect, it } from 'vitest';
import { foldText, immigrationSignals } from '../../../main/core/releases/immigration';

const signals = (purpose: string) => immigrationSignals({ purpose });

/**
 * Gov. Code § 7284.6: never for immigration enforcement, however it is worded. Every phrasing below must be caught;
 * every ordinary law-enforcement purpose below must not be (a false alarm costs a correction, a miss cannot be undone).
 */
const IMMIGRATION = [
  'Assist ICE with locating a subject',
  'Requested by I.C.E. field office San Francisco',
  'Request from I C E for vehicle history',
  'ice agents need the plate history of this vehicle',
  'Support an ice detainer on the registered owner',
  'Immigration and Customs Enforcement case 2026-SF-0191',
  'U.S. Customs and Border Protection investigation',
  'CBP request for travel pattern of vehicle',
  'Border Patrol sector request',
  'Homeland Security Investigations (HSI) human smuggling case',
  'HSI task force lead',
  'ERO fugitive operations target',
  'Enforcement and Removal Operations',
  'Locate subject for deportation',
  'Subject is deportable; locate',
  'Help deport the registered owner',
  'Removal proceedings: locate the respondent',
  'Execute a final removal order',
  'Subject is a removable alien',
  '287(g) task force request',
  '287g program',
  'Under section 287 (g) agreement',
  'Locate illegal alien',
  'undocumented subject, last known vehicle',
  'Person is unlawfully present in the United States',
  'Visa overstay investigation',
  'subject overstayed his visa',
  'Immigration status check of driver',
  'Immigration violation',
  'Detainer request Form I-247A',
  '8 U.S.C. 1357 enforcement',
  'Title 8 investigation',
  'Operativo de inmigración',
  'Deportación del dueño del vehículo',
  'aviso a la migra',
  'USCIS benefit fraud referral',
  'Contact: j.doe@ice.dhs.gov',
  'Non-citizen removal case',
  'Illegal re-entry after deportation (8 USC 1326)',
];

const ORDINARY = [
  'Armed robbery at the 7-Eleven on El Camino Real; suspect vehicle',
  'Homicide investigation 26-004512, vehicle seen leaving',
  'Ice cream truck stolen from the depot',
  'Burglary of the Iceland skating rink',
  'Notice of a stolen vehicle; locate',
  'Hit and run, pedestrian injured, black ice on the road',
  'Removal of an abandoned vehicle from the highway',
  'Kidnapping of a child; Amber Alert vehicle',
  'Catalytic converter thefts series',
  'Customs broker warehouse burglary',
  'Human trafficking victim recovery (state case)',
  'Missing at-risk adult, silver alert',
];

describe('immigration-enforcement detection', () => {
  it.each(IMMIGRATION)('catches “%s”', (text) => {
    expect(signals(text).length).toBeGreaterThan(0);
  });

  it.each(ORDINARY)('does not flag “%s”', (text) => {
    expect(signals(text)).toEqual([]);
  });

  it('reads the agency, the person and the contact, not only the purpose', () => {
    const s = immigrationSignals({
      purpose: 'Vehicle of interest in an investigation',
      agency: 'Immigration and Customs Enforcement',
      'requester’s title': 'Deportation Officer',
      'requester’s contact': 'officer@cbp.dhs.gov',
    });
    expect(new Set(s.map((x) => x.field))).toEqual(new Set(['agency', 'requester’s title', 'requester’s contact']));
  });

  it('folds accents, case, punctuation and spaced letters', () => {
    expect(foldText('I.C.E. – Deportación!')).toBe('ice deportacion');
    expect(foldText('287(g)')).toBe('287 g');
  });
});
