/**
 * What each fictional service says in its logs: weighted everyday messages, everyday errors, and the
 * messages each runtime prints when it starts, stops, times out or runs out of memory. Plain data.
 */

import type { Runtime } from './services';
import type { TemplateDef } from './templates';

export interface ServiceCatalog {
  normal: TemplateDef[];
  errors: TemplateDef[];
}

const PG_CAUSE_IO = { exception: 'org.postgresql.util.PSQLException', message: 'An I/O error occurred while sending to the backend.', frames: [
  'org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:395)',
  'org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:498)',
  'com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)',
] };

/** Everyday messages and everyday errors, per service; the gateway writes an access log instead. */
export const CATALOG: Record<string, ServiceCatalog> = {
  gateway: { normal: [], errors: [] },
  frontend: {
    normal: [
      { level: 'info', weight: 30, text: 'GET {path} 200 {ms}ms req_id={req}' },
      { level: 'info', weight: 10, text: 'rendered product page sku={sku} in {ms}ms' },
      { level: 'info', weight: 8, text: 'cart updated user_id={user} items={items}' },
      { level: 'info', weight: 6, text: 'checkout started user_id={user} cart_total={amount} {currency}' },
      { level: 'info', weight: 5, text: 'session refreshed user_id={user}' },
      { level: 'debug', weight: 4, text: 'recommendations cache hit user_id={user}' },
      { level: 'info', weight: 3, text: 'feature flag checkout_v2 evaluated for user_id={user}: bucket {pct}' },
      { level: 'warn', weight: 3, text: 'slow upstream response from search in {ms_slow}ms req_id={req}' },
      { level: 'warn', weight: 2, text: 'retrying POST /api/orders (attempt {n}/3) req_id={req}' },
    ],
    errors: [
      { level: 'error', weight: 4, text: 'upstream orders responded 502 for POST /api/orders req_id={req}' },
      { level: 'error', weight: 3, text: "unhandled rejection in /api/cart: TypeError: Cannot read properties of undefined (reading 'price')" },
      { level: 'error', weight: 3, text: 'request aborted by client after {ms_slow}ms req_id={req}' },
      { level: 'warn', weight: 2, text: 'token validation failed for user_id={user}: jwt expired' },
    ],
  },
  auth: {
    normal: [
      { level: 'info', weight: 20, text: 'token issued user_id={user} ttl=3600s' },
      { level: 'info', weight: 12, text: 'token validated user_id={user} scope=shop' },
      { level: 'info', weight: 6, text: 'login succeeded user_id={user} method=password' },
      { level: 'info', weight: 3, text: 'login succeeded user_id={user} method=google' },
      { level: 'warn', weight: 4, text: 'login failed user_id={user} reason=invalid_password attempts={n}' },
      { level: 'debug', weight: 4, text: 'jwks cache refreshed keys=3' },
      { level: 'warn', weight: 1, text: 'rate limit hit for client ip={client_ip}' },
    ],
    errors: [
      { level: 'error', weight: 3, text: 'token signing failed: kms: context deadline exceeded after {ms_slow}ms' },
      { level: 'error', weight: 2, text: 'users lookup failed user_id={user}: rpc error: code = Unavailable desc = connection refused' },
      { level: 'error', weight: 2, text: 'refresh token reuse detected user_id={user}, revoking session family' },
    ],
  },
  users: {
    normal: [
      { level: 'info', weight: 20, logger: 'UserController', text: 'GET /users/{user} 200 in {ms} ms' },
      { level: 'info', weight: 10, logger: 'UserService', text: 'Profile updated for user {user}' },
      { level: 'info', weight: 6, logger: 'UserService', text: 'Address book loaded for user {user} ({n} entries)' },
      { level: 'debug', weight: 4, logger: 'UserRepository', text: 'Fetched user {user} from primary in {ms_db} ms' },
      { level: 'info', weight: 3, logger: 'SignupService', text: 'New user registered id={user} domain={email_domain}' },
      { level: 'warn', weight: 2, logger: 'UserService', text: 'Profile image for user {user} missing in bucket, using default' },
      { level: 'warn', weight: 1, logger: 'HikariPool', text: 'HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta={ms}ms).' },
    ],
    errors: [
      { level: 'error', weight: 3, logger: 'UserController', text: 'Failed to load profile for user {user}', stack: {
        exception: 'org.springframework.dao.DataAccessResourceFailureException',
        message: 'PreparedStatementCallback; SQL [select * from users where id = ?]; An I/O error occurred',
        frames: [
          'com.shop.users.repo.UserRepository.findById(UserRepository.java:57)',
          'com.shop.users.service.UserService.profile(UserService.java:88)',
          'com.shop.users.web.UserController.get(UserController.java:41)',
        ],
        cause: PG_CAUSE_IO,
      } },
      { level: 'error', weight: 2, logger: 'SignupService', text: 'Signup failed for domain {email_domain}', stack: {
        exception: 'org.springframework.dao.DataIntegrityViolationException',
        message: 'could not execute statement; constraint [users_email_key]',
        frames: [
          'com.shop.users.repo.UserRepository.save(UserRepository.java:92)',
          'com.shop.users.service.SignupService.register(SignupService.java:64)',
        ],
        cause: { exception: 'org.postgresql.util.PSQLException', message: 'ERROR: duplicate key value violates unique constraint "users_email_key"', frames: [
          'org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)',
        ] },
      } },
      { level: 'warn', weight: 2, logger: 'UserController', text: 'Validation failed for PATCH /users/{user}: phone number invalid' },
    ],
  },
  orders: {
    normal: [
      { level: 'info', weight: 20, logger: 'OrderController', text: 'POST /orders 201 order={order} items={items} in {ms} ms' },
      { level: 'info', weight: 12, logger: 'OrderService', text: 'Order {order} placed for user {user}, total {amount} {currency}' },
      { level: 'info', weight: 8, logger: 'OrderService', text: 'Order {order} status changed PENDING -> PAID' },
      { level: 'info', weight: 6, logger: 'FulfillmentListener', text: 'Order {order} handed to warehouse {wh}' },
      { level: 'debug', weight: 4, logger: 'OrderRepository', text: 'Saved order {order} with {items} lines in {ms_db} ms' },
      { level: 'info', weight: 4, logger: 'OrderController', text: 'GET /orders?user={user} 200 in {ms} ms' },
      { level: 'warn', weight: 3, logger: 'InventoryClient', text: 'Inventory reservation for {sku} retried (attempt {n})' },
      { level: 'warn', weight: 1, logger: 'OrderService', text: 'Order {order} total mismatch after coupon recalculation, recomputed' },
    ],
    errors: [
      { level: 'error', weight: 4, logger: 'OrderService', text: 'Payment call failed for order {order}', stack: {
        exception: 'com.shop.orders.client.PaymentClientException', message: 'payments responded 502 Bad Gateway',
        frames: [
          'com.shop.orders.client.PaymentClient.charge(PaymentClient.java:142)',
          'com.shop.orders.service.OrderService.placeOrder(OrderService.java:88)',
          'com.shop.orders.web.OrderController.create(OrderController.java:53)',
        ],
      } },
      { level: 'error', weight: 2, logger: 'OrderService', text: 'Could not reserve stock for order {order}', stack: {
        exception: 'com.shop.orders.client.InventoryException', message: 'sku {sku} out of stock in {wh}',
        frames: [
          'com.shop.orders.client.InventoryClient.reserve(InventoryClient.java:77)',
          'com.shop.orders.service.OrderService.placeOrder(OrderService.java:81)',
        ],
      } },
      { level: 'error', weight: 2, logger: 'OrderEventPublisher', text: 'Failed to publish OrderPlaced for {order}', stack: {
        exception: 'org.apache.kafka.common.errors.TimeoutException',
        message: 'Expiring 1 record(s) for orders-events-{shard}: 30012 ms has passed since batch creation',
        frames: ['com.shop.orders.events.OrderEventPublisher.publish(OrderEventPublisher.java:38)'],
      } },
    ],
  },
  payments: {
    normal: [
      { level: 'info', weight: 15, logger: 'PaymentController', text: 'POST /payments 200 order={order} psp={psp} in {ms} ms' },
      { level: 'info', weight: 10, logger: 'PaymentService', text: 'Payment authorized for order {order}: {amount} {currency} via {psp}' },
      { level: 'info', weight: 6, logger: 'PaymentService', text: 'Capture succeeded for order {order}' },
      { level: 'info', weight: 3, logger: 'RefundService', text: 'Refund issued for order {order}: {amount} {currency}' },
      { level: 'debug', weight: 3, logger: 'PspClient', text: 'PSP {psp} round trip {ms} ms' },
      { level: 'warn', weight: 3, logger: 'PaymentService', text: '3-D Secure challenge required for order {order}' },
      { level: 'warn', weight: 2, logger: 'PspClient', text: 'PSP {psp} responded 429, backing off {ms} ms' },
    ],
    errors: [
      { level: 'error', weight: 4, logger: 'PaymentService', text: 'Authorization failed for order {order}', stack: {
        exception: 'com.shop.payments.psp.PspException', message: 'PSP {psp} timeout after 10000 ms',
        frames: [
          'com.shop.payments.psp.PspClient.authorize(PspClient.java:118)',
          'com.shop.payments.service.PaymentService.authorize(PaymentService.java:71)',
        ],
        cause: { exception: 'java.net.SocketTimeoutException', message: 'Read timed out', frames: [
          'java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
          'java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)',
        ] },
      } },
      { level: 'error', weight: 2, logger: 'WebhookController', text: 'Invalid signature on PSP webhook from {psp}' },
      { level: 'error', weight: 2, logger: 'PaymentService', text: 'Idempotency conflict for order {order}', stack: {
        exception: 'java.lang.IllegalStateException', message: 'payment for order {order} already in state CAPTURED',
        frames: ['com.shop.payments.service.PaymentService.capture(PaymentService.java:133)'],
      } },
    ],
  },
  inventory: {
    normal: [
      { level: 'info', weight: 20, text: 'availability checked sku={sku} warehouse={wh} qty={count}' },
      { level: 'info', weight: 10, text: 'stock reserved sku={sku} order={order} qty={items}' },
      { level: 'info', weight: 4, text: 'reservation released order={order} reason=payment_failed' },
      { level: 'info', weight: 4, text: 'stock sync completed warehouse={wh} items={count} took={ms}ms' },
      { level: 'debug', weight: 4, text: 'cache refresh for warehouse {wh}' },
      { level: 'warn', weight: 3, text: 'low stock sku={sku} warehouse={wh} qty={n}' },
    ],
    errors: [
      { level: 'error', weight: 3, text: 'reservation failed sku={sku}: pq: could not serialize access due to concurrent update' },
      { level: 'error', weight: 2, text: 'warehouse api {wh} returned 503, giving up after 3 attempts' },
    ],
  },
  search: {
    normal: [
      { level: 'info', weight: 20, logger: 'SearchController', text: 'GET /search q="{query}" hits={count} in {ms} ms' },
      { level: 'info', weight: 8, logger: 'SuggestService', text: 'Suggestions for "{query}" served from cache' },
      { level: 'info', weight: 4, logger: 'IndexUpdater', text: 'Indexed {count} product updates into shard {shard} in {ms} ms' },
      { level: 'debug', weight: 4, logger: 'QueryPlanner', text: 'Rewrote query "{query}" with {n} synonyms' },
      { level: 'warn', weight: 3, logger: 'SearchController', text: 'Slow query q="{query}" took {ms_slow} ms' },
      { level: 'info', weight: 2, logger: 'IndexUpdater', text: 'Refreshed index products-v42 ({count} docs)' },
    ],
    errors: [
      { level: 'error', weight: 3, logger: 'SearchController', text: 'Search failed for q="{query}"', stack: {
        exception: 'co.elastic.clients.transport.TransportException', message: 'node {ip}:9200 responded 503 Service Unavailable',
        frames: [
          'co.elastic.clients.transport.ElasticsearchTransportBase.performRequest(ElasticsearchTransportBase.java:149)',
          'com.shop.search.engine.ProductSearch.search(ProductSearch.java:66)',
          'com.shop.search.web.SearchController.search(SearchController.java:34)',
        ],
      } },
      { level: 'error', weight: 2, logger: 'IndexUpdater', text: 'Bulk index request rejected for shard {shard}', stack: {
        exception: 'org.elasticsearch.common.util.concurrent.EsRejectedExecutionException',
        message: 'rejected execution of coordinating operation [shard_detail=[products-v42][{shard}][P]]',
        frames: ['com.shop.search.index.IndexUpdater.flush(IndexUpdater.java:102)'],
      } },
    ],
  },
  notifications: {
    normal: [
      { level: 'info', weight: 15, text: 'sent {channel} notification template={tmpl} user_id={user} in {ms}ms' },
      { level: 'info', weight: 8, text: 'queued {channel} notification for order {order}' },
      { level: 'info', weight: 4, text: 'provider webhook delivered message_id={uuid}' },
      { level: 'debug', weight: 3, text: 'template {tmpl} rendered in {ms}ms' },
      { level: 'warn', weight: 3, text: 'provider throttled {channel} batch, retry in {n}s' },
      { level: 'warn', weight: 2, text: 'bounce received for user_id={user} domain={email_domain}' },
    ],
    errors: [
      { level: 'error', weight: 3, text: 'smtp send failed template={tmpl}: 421 4.7.0 Try again later' },
      { level: 'error', weight: 2, text: 'push provider returned 500 for message_id={uuid}' },
    ],
  },
  postgres: {
    normal: [
      { level: 'info', weight: 10, text: 'duration: {ms_pg} ms  statement: SELECT o.id, o.status, o.total FROM orders o WHERE o.user_id = $1 ORDER BY o.created_at DESC LIMIT 50' },
      { level: 'info', weight: 6, text: 'automatic vacuum of table "shop.public.{table}": index scans: 1' },
      { level: 'info', weight: 4, text: 'automatic analyze of table "shop.public.{table}"' },
      { level: 'info', weight: 4, text: 'connection authorized: user=app database=shop application_name={dbclient}' },
      { level: 'warn', weight: 1, text: 'there is already a transaction in progress' },
    ],
    errors: [
      { level: 'error', weight: 4, text: 'duplicate key value violates unique constraint "payments_idempotency_key_key"',
        detail: 'INSERT INTO payments (order_id, idempotency_key, amount) VALUES ($1, $2, $3)' },
      { level: 'error', weight: 3, text: 'could not serialize access due to concurrent update',
        detail: 'UPDATE inventory_items SET reserved = reserved + $1 WHERE sku = $2' },
      { level: 'error', weight: 1, text: 'canceling statement due to user request' },
    ],
  },
};

/** Everyday messages of the scenario suite's other roles: a cache, a broker, a queue worker, an ingest API. */
export const SUITE_CATALOG: Record<string, ServiceCatalog> = {
  cache: {
    normal: [
      { level: 'info', weight: 10, text: 'DB saved on disk ({count} keys) in {ms} ms' },
      { level: 'info', weight: 8, text: 'accepted connection from {ip}:{pid} (clients={conns})' },
      { level: 'info', weight: 6, text: 'client closed connection {ip}:{pid}' },
      { level: 'info', weight: 4, text: 'background saving started by pid {pid}' },
      { level: 'debug', weight: 3, text: 'expired {count} keys in active expire cycle ({ms} ms)' },
      { level: 'warn', weight: 1, text: 'slowlog: GET {key} took {ms} ms' },
    ],
    errors: [
      { level: 'error', weight: 2, text: 'client {ip}:{pid} closed: output buffer limit reached' },
      { level: 'warn', weight: 1, text: 'asynchronous AOF fsync is taking too long (disk is busy?)' },
    ],
  },
  queue: {
    normal: [
      { level: 'info', weight: 12, logger: 'ReplicaManager', text: 'Appended {count} records to {topic}-{partition} at offset {offset}' },
      { level: 'info', weight: 8, logger: 'GroupCoordinator', text: 'Member worker-{n} in group workers committed offset {offset} for {topic}-{partition}' },
      { level: 'info', weight: 4, logger: 'LogCleaner', text: 'Cleaned log {topic}-{partition}: {mb} MB in {ms} ms' },
      { level: 'debug', weight: 3, logger: 'Fetcher', text: 'Fetch from {topic}-{partition} returned {count} records in {ms} ms' },
      { level: 'warn', weight: 1, logger: 'GroupCoordinator', text: 'Member worker-{n} in group workers session timeout, rebalancing' },
    ],
    errors: [
      { level: 'error', weight: 2, logger: 'ReplicaFetcher', text: 'Error fetching {topic}-{partition} from leader: NOT_LEADER_OR_FOLLOWER' },
      { level: 'warn', weight: 1, logger: 'ReplicaManager', text: 'Produce request for {topic}-{partition} rejected: message too large ({bytes} bytes)' },
    ],
  },
  worker: {
    normal: [
      { level: 'info', weight: 15, logger: 'EventProcessor', text: 'Processed batch of {count} events from {topic}-{partition} in {ms} ms' },
      { level: 'info', weight: 8, logger: 'StoreWriter', text: 'Upserted {count} rows into events_{table} in {ms_db} ms' },
      { level: 'info', weight: 4, logger: 'OffsetCommitter', text: 'Committed offset {offset} for {topic}-{partition}' },
      { level: 'debug', weight: 3, logger: 'Enricher', text: 'Enriched event {uuid} with {n} attributes' },
      { level: 'warn', weight: 2, logger: 'EventProcessor', text: 'Skipping malformed event {uuid}: missing field tenant_id' },
    ],
    errors: [
      { level: 'error', weight: 3, logger: 'StoreWriter', text: 'Upsert failed for batch of {count} events, will retry', stack: {
        exception: 'org.springframework.dao.TransientDataAccessResourceException', message: 'PreparedStatementCallback; I/O error',
        frames: ['com.acme.pipeline.store.StoreWriter.upsert(StoreWriter.java:77)'],
        cause: PG_CAUSE_IO,
      } },
      { level: 'error', weight: 2, logger: 'Enricher', text: 'Geo lookup failed for event {uuid}: timeout after {ms_slow} ms' },
    ],
  },
  ingest: {
    normal: [
      { level: 'info', weight: 15, text: 'accepted batch tenant={n} events={count} bytes={bytes}' },
      { level: 'info', weight: 6, text: 'produced {count} events to {topic} in {ms}ms' },
      { level: 'debug', weight: 3, text: 'schema cache hit tenant={n}' },
      { level: 'warn', weight: 2, text: 'rejected batch tenant={n}: payload too large ({bytes} bytes)' },
      { level: 'warn', weight: 1, text: 'client {client_ip} retried batch after 429' },
    ],
    errors: [
      { level: 'error', weight: 2, text: 'produce to {topic} failed: kafka: client has run out of available brokers' },
      { level: 'error', weight: 1, text: 'auth token rejected for tenant={n}: signature mismatch' },
    ],
  },
};
/** Postgres' checkpoint pair, written every 5 minutes (checkpoint_timeout). */
export const PG_CHECKPOINT: TemplateDef[] = [
  { level: 'info', text: 'checkpoint starting: time' },
  { level: 'info', text: 'checkpoint complete: wrote {buffers} buffers ({pct}%); 0 WAL file(s) added, 0 removed, 1 recycled' },
];

/** Postgres while saturated by the reporting query. */
export const PG_SATURATION = {
  report: { level: 'info', text: "duration: {ms_report} ms  statement: SELECT date_trunc('hour', o.created_at), sum(ol.qty * ol.price) FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE o.created_at > $1 GROUP BY 1" } as TemplateDef,
  slow: { level: 'info', text: 'duration: {ms_pg_sat} ms  statement: SELECT o.id, o.status, o.total FROM orders o WHERE o.user_id = $1 ORDER BY o.created_at DESC LIMIT 50' } as TemplateDef,
  errors: [
    { level: 'error', weight: 5, text: 'canceling statement due to statement timeout',
      detail: 'SELECT o.id, o.status, o.total FROM orders o WHERE o.user_id = $1 ORDER BY o.created_at DESC LIMIT 50' },
    { level: 'fatal', weight: 2, text: 'remaining connection slots are reserved for non-replication superuser connections' },
    { level: 'warn', weight: 1, text: 'checkpoints are occurring too frequently ({n} seconds apart)' },
  ] as TemplateDef[],
};

/** Config reload lines postgres writes on a config change. */
export const PG_RELOAD: TemplateDef[] = [
  { level: 'info', text: 'received SIGHUP, reloading configuration files' },
];

/** Lines a process of this runtime prints when it starts (version from the render context). */
export function startupLines(runtime: Runtime): TemplateDef[] {
  switch (runtime) {
    case 'jvm':
      return [
        { level: 'info', logger: 'Application', text: 'Starting {app} v{version} using Java 21.0.2 with PID 1' },
        { level: 'info', logger: 'TomcatWebServer', text: "Tomcat started on port 8080 (http) with context path '/'" },
        { level: 'info', logger: 'Application', text: 'Started {app} in {sec} seconds (process running for 9.8)' },
      ];
    case 'node':
      return [
        { level: 'info', text: '{svc} v{version} starting (node v20.11.1)' },
        { level: 'info', text: 'server listening on :3000' },
      ];
    case 'go':
      return [
        { level: 'info', text: 'starting {svc} version={version} go=go1.22.1' },
        { level: 'info', text: 'http server listening addr=:8080' },
      ];
    default:
      return [];
  }
}

/** Lines a process of this runtime prints when it is stopped for a deploy. */
export function shutdownLines(runtime: Runtime): TemplateDef[] {
  switch (runtime) {
    case 'jvm':
      return [
        { level: 'info', logger: 'GracefulShutdown', text: 'Commencing graceful shutdown. Waiting for active requests to complete' },
        { level: 'info', logger: 'GracefulShutdown', text: 'Graceful shutdown complete' },
      ];
    case 'node':
      return [{ level: 'info', text: 'SIGTERM received, draining connections' }];
    case 'go':
      return [{ level: 'info', text: 'shutdown signal received, draining' }];
    default:
      return [];
  }
}

/** Printed first after a restart that was not a deploy. */
export const RESTART_REASON: TemplateDef = {
  level: 'warn', logger: 'Application', text: 'Previous instance terminated: reason=OOMKilled exitCode=137 restartCount={restarts}',
};

/** Memory pressure before the OOM kill, and the last words. */
export function leakLines(runtime: Runtime): { pressure: TemplateDef; oom: TemplateDef } {
  if (runtime === 'jvm') {
    return {
      pressure: { level: 'warn', logger: 'GcMonitor', text: 'GC overhead {gcpct}% over the last 60 s, old gen {heappct}% full after collection' },
      oom: { level: 'error', logger: 'ErrorHandler', text: 'Uncaught error in request thread', stack: {
        exception: 'java.lang.OutOfMemoryError', message: 'Java heap space',
        frames: [
          'java.base/java.util.HashMap.resize(HashMap.java:702)',
          'java.base/java.util.HashMap.putVal(HashMap.java:661)',
          'com.shop.common.cache.LocalCache.put(LocalCache.java:48)',
        ],
      } },
    };
  }
  return {
    pressure: { level: 'warn', text: 'event loop delay p99 {ms}ms, heap used {heappct}% of limit' },
    oom: { level: 'fatal', text: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' },
  };
}

/** A direct caller of the saturated database, timing out on it. */
export function dbTimeoutLines(runtime: Runtime, service: string): TemplateDef[] {
  if (runtime === 'jvm') {
    const cls = `${service[0].toUpperCase()}${service.slice(1)}Repository`;
    return [
      { level: 'error', weight: 3, logger: cls, text: 'Query failed after {ms_slow} ms', stack: {
        exception: 'org.springframework.dao.QueryTimeoutException', message: 'PreparedStatementCallback; SQL statement timed out',
        frames: [`com.shop.${service}.repo.${cls}.find(${cls}.java:61)`],
        cause: { exception: 'org.postgresql.util.PSQLException', message: 'ERROR: canceling statement due to statement timeout', frames: [
          'org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)',
        ] },
      } },
      { level: 'error', weight: 2, logger: 'HikariPool', text: 'HikariPool-1 - Connection is not available, request timed out after 30000ms (total={conns}, active={conns}, idle=0, waiting={count})' },
    ];
  }
  return [
    { level: 'error', weight: 3, text: 'db query failed: pq: canceling statement due to statement timeout' },
    { level: 'error', weight: 2, text: 'db: context deadline exceeded after 5000ms (pool in use 40/40)' },
  ];
}

/** A caller of a slow (not failing) service, timing out on it. */
export function upstreamTimeoutLines(runtime: Runtime, callee: string): TemplateDef[] {
  switch (runtime) {
    case 'jvm':
      return [{ level: 'error', logger: 'RestClient', text: `Call to ${callee} timed out after 2000 ms`, stack: {
        exception: 'org.springframework.web.client.ResourceAccessException',
        message: `I/O error on GET request for "http://${callee}:8080/": Read timed out`,
        frames: ['org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)'],
        cause: { exception: 'java.net.SocketTimeoutException', message: 'Read timed out', frames: [
          'java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
        ] },
      } }];
    case 'node':
      return [{ level: 'error', text: `upstream ${callee} timed out after 5000ms for {path} req_id={req}` }];
    default:
      return [{ level: 'error', text: `${callee} call failed: context deadline exceeded` }];
  }
}

/** A caller of a failing service, passing the failure on. */
export function upstreamErrorLines(runtime: Runtime, callee: string): TemplateDef[] {
  switch (runtime) {
    case 'jvm':
      return [{ level: 'error', logger: 'RestClient', text: `Call to ${callee} failed: 500 Internal Server Error`, stack: {
        exception: 'org.springframework.web.client.HttpServerErrorException$InternalServerError',
        message: '500 Internal Server Error: "{"error":"internal"}"',
        frames: ['org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:102)'],
      } }];
    case 'node':
      return [{ level: 'error', text: `upstream ${callee} responded 500 for {path} req_id={req}` }];
    default:
      return [{ level: 'error', text: `${callee} call failed: unexpected status 500` }];
  }
}
