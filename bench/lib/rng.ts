/** The project's seeded generator (mulberry32), so every benchmark run sees the same data. */
export { seededRandom as rng } from '../../core/analysis/stats';
