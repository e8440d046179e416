/**
 * The stories behind the planted incidents: for each service that can suffer one, what the change
 * was, how to say it in one sentence, and (bad deploy) the error message it introduces, which
 * appears nowhere else in the dump.
 */

import type { TemplateDef } from './templates';

export interface BadDeployScenario {
  service: string;
  change: string;
  effect: string;
  newError: TemplateDef;
}

export interface LeakScenario {
  service: string;
  change: string;
  fix: string;
  what: string;
}

/** Services that can ship the bad deploy, one picked per seed. */
export const BAD_DEPLOYS: readonly BadDeployScenario[] = [
  {
    service: 'orders',
    change: 'switch payment status mapping to the PaymentStatus v2 enum',
    effect: 'payment responses with statuses unknown to the new enum threw, failing the orders',
    newError: { level: 'error', logger: 'PaymentStatusMapper',
      text: 'Failed to map payment response for order {order}: unknown enum constant PaymentStatus.{enumval}', stack: {
        exception: 'java.lang.IllegalArgumentException', message: 'No enum constant com.shop.orders.payment.PaymentStatus.{enumval}',
        frames: [
          'java.base/java.lang.Enum.valueOf(Enum.java:273)',
          'com.shop.orders.payment.PaymentStatus.valueOf(PaymentStatus.java:5)',
          'com.shop.orders.payment.PaymentStatusMapper.map(PaymentStatusMapper.java:41)',
          'com.shop.orders.service.OrderService.confirmPayment(OrderService.java:212)',
        ],
      } },
  },
  {
    service: 'search',
    change: 'enable RankingV2 popularity boosts',
    effect: 'the new ranking stage read a boost field missing from the live index and failed the searches',
    newError: { level: 'error', logger: 'RankingV2',
      text: "Ranking stage failed for q=\"{query}\": boost field 'popularity_v2' missing in index products-v43 shard {shard}", stack: {
        exception: 'java.lang.IllegalStateException', message: "field 'popularity_v2' has no doc values",
        frames: [
          'com.shop.search.ranking.RankingV2.boost(RankingV2.java:97)',
          'com.shop.search.ranking.RankingPipeline.apply(RankingPipeline.java:45)',
          'com.shop.search.web.SearchController.search(SearchController.java:39)',
        ],
      } },
  },
  {
    service: 'inventory',
    change: 'unit-aware stock reservations (schema v7)',
    effect: 'reservations for products sold in packs were rejected by the new unit validation',
    newError: { level: 'error', text: 'reservation rejected: unsupported quantity_unit "{unit}" for sku={sku} (schema v7)' },
  },
];

/** Services that can leak memory, one picked per seed (never the bad-deploy service). */
export const LEAKS: readonly LeakScenario[] = [
  {
    service: 'users',
    change: 'cache user profile lookups in memory',
    what: 'an unbounded in-memory cache of user profiles',
    fix: 'bound the profile cache (LRU, 50k entries)',
  },
  {
    service: 'search',
    change: 'cache suggestion results per query prefix',
    what: 'an unbounded per-prefix suggestion cache',
    fix: 'bound the suggestion cache and expire entries after 10 minutes',
  },
  {
    service: 'notifications',
    change: 'keep rendered messages for provider retries',
    what: 'rendered messages kept for retries and never released',
    fix: 'release rendered messages after delivery',
  },
];

/** Changelog lines for routine releases. */
export const ROUTINE_CHANGES: readonly string[] = [
  'bump dependencies', 'improve request logging', 'tune connection pool sizes', 'add metrics for cache hit ratio',
  'refactor request validation', 'fix pagination off-by-one', 'update translations', 'reduce allocation in hot path',
  'retry idempotent calls once', 'upgrade base image', 'add tracing spans', 'remove dead feature flag',
];

/** Config changes: service, description. None of them harms anything. */
export const CONFIG_CHANGES: readonly (readonly [string, string])[] = [
  ['frontend', 'feature flag checkout_v2 rollout 10% -> 25%'],
  ['gateway', 'rate limit /api/search 50r/s -> 80r/s'],
  ['postgres', 'work_mem 4MB -> 8MB'],
  ['notifications', 'SMTP provider timeout 5s -> 10s'],
  ['payments', 'PSP retry budget 2 -> 3'],
  ['postgres', 'autovacuum_vacuum_scale_factor 0.2 -> 0.1'],
  ['frontend', 'feature flag new_search_ui enabled for staff'],
];
