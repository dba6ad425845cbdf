import {
  featuresToMask,
  type BodyType,
  type UniqueFeature,
  type VehicleColor,
} from '../../../main/core/plates/vehicle';
import { Rng, Weighted } from './prng';

/** Plate formats as regex-like templates: 9 = digit 1–9, 0 = digit 0–9, A = letter (no I, O, Q as DMVs avoid them). */
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const CA_FORMATS = new Weighted<string>([
  ['9AAA000', 80], // current passenger series, e.g. 8KRT214
  ['000AAA', 6], // older passenger series, e.g. 123ABC (three digits, three letters)
  ['9A00000', 12], // commercial, e.g. 1A23456
  ['AAA000', 2], // black plates of the 1960s, still on classics
]);
const OTHER_STATES = new Weighted<[string, string]>([
  [['NV', '000A00'], 16],
  [['OR', '000AAA'], 14],
  [['AZ', 'AAA0000'], 14],
  [['WA', 'AAA0000'], 12],
  [['TX', 'AAA0000'], 12],
  [['NY', 'AAA0000'], 8],
  [['FL', 'AAAA00'], 8],
  [['UT', 'A000AA'], 6],
  [['CO', 'AAA000'], 6],
  [['IL', 'AA00000'], 4],
]);

export function makePlate(rng: Rng, template: string): string {
  let out = '';
  for (const c of template) {
    if (c === '9') out += String(1 + rng.int(9));
    else if (c === '0') out += String(rng.int(10));
    else out += LETTERS[rng.int(LETTERS.length)];
  }
  return out;
}

export type ModelSpec = { make: string; model: string; body: BodyType; weight: number };

/** Roughly the Bay Area registration mix. */
export const MODELS: readonly ModelSpec[] = [
  ['Toyota', 'Camry', 'sedan', 5.5],
  ['Toyota', 'Corolla', 'sedan', 4.5],
  ['Toyota', 'RAV4', 'suv', 5],
  ['Toyota', 'Prius', 'hatchback', 3.5],
  ['Toyota', 'Tacoma', 'pickup', 2.5],
  ['Toyota', 'Highlander', 'suv', 2],
  ['Toyota', 'Sienna', 'minivan', 1.5],
  ['Honda', 'Civic', 'sedan', 5],
  ['Honda', 'Accord', 'sedan', 4.5],
  ['Honda', 'CR-V', 'suv', 4.5],
  ['Honda', 'Odyssey', 'minivan', 1.2],
  ['Honda', 'Pilot', 'suv', 1.2],
  ['Tesla', 'Model 3', 'sedan', 4.5],
  ['Tesla', 'Model Y', 'suv', 5],
  ['Tesla', 'Model S', 'sedan', 0.8],
  ['Ford', 'F-150', 'pickup', 2.5],
  ['Ford', 'Transit', 'van', 1.5],
  ['Ford', 'Escape', 'suv', 1.5],
  ['Ford', 'Explorer', 'suv', 1.2],
  ['Ford', 'Mustang', 'coupe', 0.8],
  ['Chevrolet', 'Silverado', 'pickup', 1.8],
  ['Chevrolet', 'Malibu', 'sedan', 1.2],
  ['Chevrolet', 'Equinox', 'suv', 1.3],
  ['Chevrolet', 'Bolt', 'hatchback', 0.8],
  ['Nissan', 'Altima', 'sedan', 2.2],
  ['Nissan', 'Sentra', 'sedan', 1.8],
  ['Nissan', 'Rogue', 'suv', 2],
  ['Nissan', 'Leaf', 'hatchback', 0.8],
  ['Hyundai', 'Elantra', 'sedan', 1.8],
  ['Hyundai', 'Tucson', 'suv', 1.4],
  ['Kia', 'Soul', 'hatchback', 0.9],
  ['Kia', 'Sportage', 'suv', 1],
  ['Subaru', 'Outback', 'wagon', 2.2],
  ['Subaru', 'Forester', 'suv', 2],
  ['Subaru', 'Crosstrek', 'suv', 1.2],
  ['BMW', '3 Series', 'sedan', 1.6],
  ['BMW', 'X5', 'suv', 1],
  ['Mercedes-Benz', 'C-Class', 'sedan', 1.3],
  ['Mercedes-Benz', 'Sprinter', 'van', 0.6],
  ['Lexus', 'RX', 'suv', 1.4],
  ['Lexus', 'ES', 'sedan', 0.9],
  ['Volkswagen', 'Jetta', 'sedan', 0.9],
  ['Volkswagen', 'Golf', 'hatchback', 0.6],
  ['Jeep', 'Wrangler', 'suv', 1],
  ['Jeep', 'Grand Cherokee', 'suv', 0.9],
  ['Mazda', 'CX-5', 'suv', 1.3],
  ['Mazda', 'Mazda3', 'hatchback', 0.9],
  ['Ram', '1500', 'pickup', 0.9],
  ['Audi', 'Q5', 'suv', 0.8],
  ['Volvo', 'XC90', 'suv', 0.6],
  ['Honda', 'CBR500R', 'motorcycle', 0.3],
  ['Harley-Davidson', 'Street Glide', 'motorcycle', 0.2],
  ['Freightliner', 'M2 106', 'truck', 0.3],
  ['Gillig', 'Low Floor', 'bus', 0.1],
].map(([make, model, body, weight]) => ({ make, model, body, weight }) as ModelSpec);
const MODEL_TABLE = new Weighted<number>(MODELS.map((m, i) => [i, m.weight] as const));

const COLOR_TABLE = new Weighted<VehicleColor>([
  ['white', 24],
  ['black', 20],
  ['gray', 18],
  ['silver', 12],
  ['blue', 10],
  ['red', 8],
  ['green', 2],
  ['beige', 1.5],
  ['brown', 1.2],
  ['gold', 0.8],
  ['yellow', 0.8],
  ['orange', 0.6],
  ['purple', 0.3],
]);

const FEATURE_ODDS: readonly [UniqueFeature, number][] = [
  ['roof_rack', 0.05],
  ['bumper_sticker', 0.06],
  ['damage', 0.04],
  ['temporary_tag', 0.02],
  ['tinted_windows', 0.08],
  ['aftermarket_wheels', 0.03],
  ['missing_hubcap', 0.01],
];

export type VehicleKind = 'resident' | 'commuter' | 'visitor' | 'out_of_state' | 'commercial';

export type Vehicle = {
  index: number;
  plate: string;
  state: string;
  make: string;
  model: string;
  body: BodyType;
  color: VehicleColor;
  features: number;
  kind: VehicleKind;
};

/** Who drives through the city: residents and commuters repeat; visitors and out-of-state cars mostly pass once. */
export function makeVehicle(seed: number, index: number, kind: VehicleKind): Vehicle {
  const rng = new Rng(seed, 'vehicle', index);
  let state = 'CA';
  let plate: string;
  if (kind === 'out_of_state') {
    const [st, tpl] = OTHER_STATES.sample(rng);
    state = st;
    plate = makePlate(rng, tpl);
  } else if (kind === 'commercial') {
    plate = makePlate(rng, '9A00000');
  } else {
    plate = makePlate(rng, CA_FORMATS.sample(rng));
  }
  let spec = MODELS[MODEL_TABLE.sample(rng)]!;
  if (kind === 'commercial')
    spec = rng.pick(MODELS.filter((m) => m.body === 'van' || m.body === 'pickup' || m.body === 'truck'));
  const features: UniqueFeature[] = [];
  for (const [f, p] of FEATURE_ODDS)
    if (rng.chance(p * (f === 'roof_rack' && spec.body === 'wagon' ? 6 : 1))) features.push(f);
  return {
    index,
    plate,
    state,
    make: spec.make,
    model: spec.model,
    body: spec.body,
    color: COLOR_TABLE.sample(rng),
    features: featuresToMask(features),
    kind,
  };
}

/** Characters an OCR engine confuses on plates, both ways. */
export const CONFUSABLE: Readonly<Record<string, string>> = {
  '0': 'O',
  O: '0',
  '8': 'B',
  B: '8',
  '1': 'I',
  I: '1',
  '5': 'S',
  S: '5',
  '2': 'Z',
  Z: '2',
  D: '0',
  G: '6',
  '6': 'G',
};

/** A plausible misread: one confusable character swapped. Returns null if the plate has none. */
export function misread(rng: Rng, plate: string): string | null {
  const positions: number[] = [];
  for (let i = 0; i < plate.length; i++) if (CONFUSABLE[plate[i]!]) positions.push(i);
  if (positions.length === 0) return null;
  const at = rng.pick(positions);
  return plate.slice(0, at) + CONFUSABLE[plate[at]!]! + plate.slice(at + 1);
}
