import { Faker, type Randomizer, base, en } from '@faker-js/faker';
import { Random } from './random';

/** Lets faker draw from the seeder's PRNG (faker calls these unbound, hence the arrow functions). */
class SeederRandomizer implements Randomizer {
  private random = new Random(0);

  next = (): number => this.random.next();

  seed = (seed: number | number[]): void => {
    this.random = new Random(...[seed].flat());
  };
}

/**
 * The faker every text comes from, re-seeded per entity so each is reproducible alone.
 * Seeding faker's default Mersenne Twister costs about 100 µs, which at millions of entities
 * dominated the run; re-seeding this one costs a hash.
 */
export const faker = new Faker({ locale: [en, base], randomizer: new SeederRandomizer() });
