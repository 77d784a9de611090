/* sim_rng.c — splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good
 * enough for a simulation; seeded by sim.seed, never by rand(). */
#include "sim.h"

uint64_t sim_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

double sim_rand01(uint64_t *s)
{
	return (double)(sim_rand(s) >> 11) * (1.0 / 9007199254740992.0);
}

uint32_t sim_rand_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((sim_rand(s) >> 32) * (uint64_t)n) >> 32);
}
