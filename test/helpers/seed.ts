/** A fast-check seed: FC_SEED to replay a failure, else a fresh one; printed either way. */
export function seedFor(name: string): number {
  const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`fast-check seed for "${name}": ${seed} (rerun with FC_SEED=${seed})`);
  return seed;
}
