/**
 * The instant of a new moon, by Jean Meeus's "Astronomical Algorithms" (ch. 49), accurate to
 * well under a minute for this century. It exists because ICU's own lunar astronomy (behind
 * Intl's Chinese calendar) is off by minutes, which moves a lunar month's first day when a
 * new moon falls close to midnight in Beijing (Spring Festival 2027 and 2030).
 */

const RAD = Math.PI / 180;
const SYNODIC_MONTH = 29.530588861;
/** Julian day of the first new moon of 2000 (k = 0). */
const NEW_MOON_EPOCH = 2451550.09766;
/** Julian day of 1970-01-01T00:00Z. */
const UNIX_EPOCH_JD = 2440587.5;
/** Terrestrial time runs ahead of UT by about this many seconds in the 2020s and 2030s. */
const DELTA_T_SECONDS = 70;

const CORRECTIONS: readonly [number, (a: { m: number; mp: number; f: number; om: number; e: number }) => number][] = [
  [-0.4072, ({ mp }) => Math.sin(mp)],
  [0.17241, ({ m, e }) => e * Math.sin(m)],
  [0.01608, ({ mp }) => Math.sin(2 * mp)],
  [0.01039, ({ f }) => Math.sin(2 * f)],
  [0.00739, ({ m, mp, e }) => e * Math.sin(mp - m)],
  [-0.00514, ({ m, mp, e }) => e * Math.sin(mp + m)],
  [0.00208, ({ m, e }) => e * e * Math.sin(2 * m)],
  [-0.00111, ({ mp, f }) => Math.sin(mp - 2 * f)],
  [-0.00057, ({ mp, f }) => Math.sin(mp + 2 * f)],
  [0.00056, ({ m, mp, e }) => e * Math.sin(2 * mp + m)],
  [-0.00042, ({ mp }) => Math.sin(3 * mp)],
  [0.00042, ({ m, f, e }) => e * Math.sin(m + 2 * f)],
  [0.00038, ({ m, f, e }) => e * Math.sin(m - 2 * f)],
  [-0.00024, ({ m, mp, e }) => e * Math.sin(2 * mp - m)],
  [-0.00017, ({ om }) => Math.sin(om)],
  [-0.00007, ({ m, mp }) => Math.sin(mp + 2 * m)],
  [0.00004, ({ mp, f }) => Math.sin(2 * mp - 2 * f)],
  [0.00004, ({ m }) => Math.sin(3 * m)],
  [0.00003, ({ m, mp, f }) => Math.sin(mp + m - 2 * f)],
  [0.00003, ({ mp, f }) => Math.sin(2 * mp + 2 * f)],
  [-0.00003, ({ m, mp, f }) => Math.sin(mp + m + 2 * f)],
  [0.00003, ({ m, mp, f }) => Math.sin(mp - m + 2 * f)],
  [-0.00002, ({ m, mp, f }) => Math.sin(mp - m - 2 * f)],
  [-0.00002, ({ m, mp }) => Math.sin(3 * mp + m)],
  [0.00002, ({ mp }) => Math.sin(4 * mp)],
];

/** The planetary arguments' [constant, rate per lunation, amplitude]. */
const PLANETARY: readonly [number, number, number][] = [
  [251.88, 0.016321, 0.000165],
  [251.83, 26.651886, 0.000164],
  [349.42, 36.412478, 0.000126],
  [84.66, 18.206239, 0.00011],
  [141.74, 53.303771, 0.000062],
  [207.14, 2.453732, 0.00006],
  [154.84, 7.30686, 0.000056],
  [34.52, 27.261239, 0.000047],
  [207.19, 0.121824, 0.000042],
  [291.34, 1.844379, 0.00004],
  [161.72, 24.198154, 0.000037],
  [239.56, 25.513099, 0.000035],
  [331.55, 3.592518, 0.000023],
];

/** The instant (UTC) of the new moon nearest to `near`. */
export function newMoonNear(near: Date): Date {
  const k = Math.round((near.getTime() / 86_400_000 + UNIX_EPOCH_JD - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const t = k / 1236.85;
  const jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t ** 2 - 0.00000015 * t ** 3 + 0.00000000073 * t ** 4;
  const args = {
    e: 1 - 0.002516 * t - 0.0000074 * t ** 2,
    m: (2.5534 + 29.1053567 * k - 0.0000014 * t ** 2 - 0.00000011 * t ** 3) * RAD,
    mp: (201.5643 + 385.81693528 * k + 0.0107582 * t ** 2 + 0.00001238 * t ** 3 - 0.000000058 * t ** 4) * RAD,
    f: (160.7108 + 390.67050284 * k - 0.0016118 * t ** 2 - 0.00000227 * t ** 3 + 0.000000011 * t ** 4) * RAD,
    om: (124.7746 - 1.56375588 * k + 0.0020672 * t ** 2 + 0.00000215 * t ** 3) * RAD,
  };
  const periodic = CORRECTIONS.reduce((sum, [coefficient, term]) => sum + coefficient * term(args), 0);
  const planetary =
    0.000325 * Math.sin((299.77 + 0.107408 * k - 0.009173 * t ** 2) * RAD) +
    PLANETARY.reduce((sum, [constant, rate, amplitude]) => sum + amplitude * Math.sin((constant + rate * k) * RAD), 0);
  const julianDay = jde + periodic + planetary - DELTA_T_SECONDS / 86_400;
  return new Date(Math.round((julianDay - UNIX_EPOCH_JD) * 86_400_000));
}
