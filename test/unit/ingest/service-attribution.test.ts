/**
 * Service attribution (core/ingest/service-attribution.ts): every trap seen in a real 12-service dump — thread,
 * logger and class names, a JSON `app` holding a mobile app version, host ids — is refused, and the strongest
 * evidence there is wins: fields and labels, pod names, `--service`, the path, a header's name last.
 */
import { describe, expect, it } from 'vitest';
import {
  plausibleService,
  serviceOfFileName,
  serviceOfLabels,
  serviceOfPath,
  ServiceResolver,
  workloadOfPod,
} from '../../../core/ingest/service-attribution';
import type { LogRecord } from '../../../core/ingest/types';

const log = (over: Partial<LogRecord>): LogRecord => ({ kind: 'log', ts: 0, line: 1, lines: 1, message: 'm', raw: 'm', ...over });

describe('plausibleService', () => {
  it('refuses threads, loggers, classes, versions, levels and host ids', () => {
    for (const v of ['main', 'http-nio-8080-exec-1', 'pool-2-thread-7', 'Thread-12', 'worker-3', 'asyncio_0', 'MainThread']) {
      expect(plausibleService(v, 'field'), v).toBe(false);
    }
    for (const v of ['com.example.OrderService', 'o.s.b.StartupInfoLogger', 'gunicorn.error']) expect(plausibleService(v, 'field'), v).toBe(false);
    for (const v of ['2.3.1', 'v12', '1.0.0-rc1', '2024.03.1', '3f9c2ab']) expect(plausibleService(v, 'label'), v).toBe(false);
    for (const v of ['ERROR', 'info', 'LOG', 'STATEMENT']) expect(plausibleService(v, 'label'), v).toBe(false);
    for (const v of ['10.0.3.17', '10.0.3.17:8080', 'i-0abc12345def67890', 'ip-10-0-3-17.ec2.internal', '5f2b0c1e-8a7d-4c55-9c2e-1b7a0e9d3c11']) {
      expect(plausibleService(v, 'label'), v).toBe(false);
    }
    expect(plausibleService('OrderService', 'header')).toBe(false);
    expect(plausibleService('two words', 'label')).toBe(false);
  });

  it('takes service names, dotted ones only from labels', () => {
    for (const v of ['checkout', 'payment-worker', 'orders_api', 'api-gateway', 'redis', 'kafka-consumer']) {
      expect(plausibleService(v, 'header'), v).toBe(true);
    }
    expect(plausibleService('OrderService', 'field')).toBe(true);
    expect(plausibleService('shop.checkout', 'label')).toBe(true);
    expect(plausibleService('shop.checkout', 'field')).toBe(false);
  });
});

describe('workloadOfPod', () => {
  it('strips replica-set and pod hashes, DaemonSet suffixes and StatefulSet ordinals', () => {
    expect(workloadOfPod('checkout-7d4b9c6f8-x2x7k')).toBe('checkout');
    expect(workloadOfPod('payment-worker-5f6d8b9c7d-qz8wn')).toBe('payment-worker');
    expect(workloadOfPod('fluent-bit-x2x7k')).toBe('fluent-bit');
    expect(workloadOfPod('postgres-0')).toBe('postgres');
    expect(workloadOfPod('checkout')).toBeUndefined();
  });
});

describe('serviceOfPath', () => {
  it('reads per-service folders, CRI paths and file names; generic names say nothing', () => {
    expect(serviceOfPath('/dump/logs/payments/app.log')).toBe('payments');
    expect(serviceOfPath('/dump/logs/payments/2025/03/x.log')).toBe('payments');
    expect(serviceOfPath('/tmp/export.zip!/logs/orders/orders.log')).toBe('orders');
    expect(serviceOfPath('/dump/metrics/orders/rules.json', false)).toBe('orders');
    expect(serviceOfPath(`/var/log/containers/checkout-7d4b9c6f8-x2x7k_shop_checkout-${'a'.repeat(64)}.log`)).toBe('checkout');
    expect(serviceOfPath('/var/log/pods/shop_checkout-7d4b9c6f8-x2x7k_5f2b0c1e-8a7d-4c55-9c2e-1b7a0e9d3c11/checkout/0.log')).toBe('checkout');
    expect(serviceOfPath('/dump/logs/app.log')).toBeUndefined();
    expect(serviceOfPath('/dump/logs/access.log.1')).toBeUndefined();
    expect(serviceOfPath('/dump/alerts/alertmanager.json', false)).toBeUndefined();
    expect(serviceOfPath('/dump/logs/orders.log', false)).toBeUndefined();
  });

  it('reads <service>.log, <service>-<n>.log, <service>.log.1(.gz), <service>-access.log, dated names', () => {
    expect(serviceOfFileName('orders.log')).toBe('orders');
    expect(serviceOfFileName('orders-2.log')).toBe('orders');
    expect(serviceOfFileName('orders.log.1')).toBe('orders');
    expect(serviceOfFileName('orders.log.2.gz')).toBe('orders');
    expect(serviceOfFileName('gateway-access.log')).toBe('gateway');
    expect(serviceOfFileName('frontend.jsonl')).toBe('frontend');
    expect(serviceOfFileName('search-2025-03-14.log')).toBe('search');
    expect(serviceOfFileName('checkout-7d4b9c6f8-x2x7k.log')).toBe('checkout');
    expect(serviceOfFileName('error.log')).toBeUndefined();
    expect(serviceOfFileName('orders.csv')).toBeUndefined();
  });
});

describe('serviceOfLabels', () => {
  it('takes service, service.name, app.kubernetes.io/name, app (not a version), job, container in that order', () => {
    expect(serviceOfLabels({ job: 'orders', service: 'orders-api' })).toBe('orders-api');
    expect(serviceOfLabels({ 'app.kubernetes.io/name': 'cart', app: 'x' })).toBe('cart');
    expect(serviceOfLabels({ app: '2.3.1', job: 'checkout' })).toBe('checkout');
    expect(serviceOfLabels({ job: 'kubernetes-pods', container: 'search' })).toBe('search');
    expect(serviceOfLabels({ instance: '10.0.0.1:9090' })).toBeUndefined();
  });
});

describe('ServiceResolver', () => {
  it('files text lines under their folder, never under the thread or logger the header shows', () => {
    const r = new ServiceResolver('/dump/logs/orders/current.log', 'log-text');
    expect(r.log(log({ service: 'OrderService', attrs: { thread: 'main', logger: 'com.shop.Orders' } }))).toEqual({ service: 'orders', origin: 'path' });
    expect(r.log(log({ service: 'http-nio-8080-exec-1' }))).toEqual({ service: 'orders', origin: 'path' });
  });

  it('keeps a header name (a syslog tag) when nothing stronger is there', () => {
    const r = new ServiceResolver('/dump/syslog', 'log-text');
    expect(r.log(log({ service: 'sshd' }))).toEqual({ service: 'sshd', origin: 'field' });
    expect(r.log(log({ service: 'com.shop.Orders' }))).toBeUndefined();
    expect(r.unattributed).toBe(1);
  });

  it('takes an explicit JSON field over the path, but not an `app` holding a version', () => {
    const r = new ServiceResolver('/dump/logs/mobile-bff/bff.jsonl', 'log-json-lines');
    expect(r.log(log({ service: 'mobile-bff' }))).toEqual({ service: 'mobile-bff', origin: 'field' });
    expect(r.log(log({ service: '2.3.1' }))).toEqual({ service: 'mobile-bff', origin: 'path' });
    expect(r.log(log({ service: 'com.shop.bff.Handler' }))).toEqual({ service: 'mobile-bff', origin: 'path' });
  });

  it('reads a pod name from the fields or the host, before the option and the path', () => {
    const r = new ServiceResolver('/dump/logs/app.log', 'log-json-lines', 'fallback');
    expect(r.log(log({ attrs: { 'kubernetes.pod.name': 'cart-6c9d7f8b5d-x9k2p' } }))).toEqual({ service: 'cart', origin: 'pod' });
    expect(r.log(log({ host: 'search-0' }))).toEqual({ service: 'search', origin: 'pod' });
    expect(r.log(log({}))).toEqual({ service: 'fallback', origin: 'option' });
  });

  it('gives --service to what names no service, ahead of the path', () => {
    const r = new ServiceResolver('/dump/logs/orders/orders.log', 'log-text', 'billing');
    expect(r.log(log({ service: 'OrderService' }))).toEqual({ service: 'billing', origin: 'option' });
    expect(r.series({ __name__: 'up' })).toEqual({ service: 'billing', origin: 'option' });
    expect(r.series({ service: 'orders' })).toEqual({ service: 'orders', origin: 'label' });
  });

  it('attributes series by label, pod label, then the folder; events by what the reader found, then attrs', () => {
    const r = new ServiceResolver('/dump/metrics/payments/rules.json', 'prometheus-query-range');
    expect(r.series({ job: 'checkout' })).toEqual({ service: 'checkout', origin: 'label' });
    expect(r.series({ pod: 'cart-6c9d7f8b5d-x9k2p' })).toEqual({ service: 'cart', origin: 'pod' });
    expect(r.series({ instance: '10.0.0.1:9090' })).toEqual({ service: 'payments', origin: 'path' });
    const e = new ServiceResolver('/dump/alerts/alerts.json', 'events-alertmanager');
    expect(e.event({ service: '2.3.1', attrs: { job: 'checkout' } })).toEqual({ service: 'checkout', origin: 'field' });
    expect(e.event({ attrs: {} })).toBeUndefined();
    expect(e.dominant()).toEqual({ service: 'checkout', origin: 'field' });
  });
});
