#!/usr/bin/python3
"""Reference STL / MSTL outputs from statsmodels, for test/fixtures/timeseries/*.json.

Run with Debian's python (apt-get install -y python3-statsmodels):
    /usr/bin/python3 bench/stl-reference.py [path/to/nab]
statsmodels 0.13.5 (Debian 12) has STL but not MSTL; MSTL here is the algorithm of statsmodels 0.14's
statsmodels/tsa/stl/mstl.py (Bandara et al. 2021) written over statsmodels' own STL: ascending periods,
windows 7 + 4 i, iterate 2, trend from the last STL.
"""
import csv
import json
import os
import sys
import time

import numpy as np
import statsmodels
from statsmodels.tsa.seasonal import STL

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'timeseries')
NAB = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'bench-data', 'nab')


def mstl(y, periods, iterate=2, stl_kwargs=None):
    stl_kwargs = dict(stl_kwargs or {})
    inner = stl_kwargs.pop('inner_iter', None)
    outer = stl_kwargs.pop('outer_iter', None)
    periods = sorted(periods)
    windows = [7 + 4 * i for i in range(1, len(periods) + 1)]
    iterate = 1 if len(periods) == 1 else iterate
    seasonal = np.zeros((len(periods), len(y)))
    deseas = np.asarray(y, dtype=float)
    res = None
    for _ in range(iterate):
        for i, p in enumerate(periods):
            deseas = deseas + seasonal[i]
            res = STL(deseas, period=p, seasonal=windows[i], **stl_kwargs).fit(inner_iter=inner, outer_iter=outer)
            seasonal[i] = res.seasonal
            deseas = deseas - seasonal[i]
    return res.trend, seasonal, deseas - res.trend


def r(a):
    return [float('%.10g' % v) for v in a]


def synthetic():
    rng = np.random.default_rng(7)
    n = 24 * 7 * 5
    t = np.arange(n)
    y = 50 + 0.02 * t + 8 * np.sin(2 * np.pi * t / 24) + 3 * np.cos(2 * np.pi * t / 168) + rng.normal(0, 1, n)
    y[100] += 25
    y[400] -= 30
    return y


def nab(name, count):
    with open(os.path.join(NAB, 'data', name)) as f:
        rows = list(csv.DictReader(f))
    return np.array([float(row['value']) for row in rows[:count]])


def main():
    cases = []
    y = synthetic()
    cases.append(('synthetic hourly, trend + daily(24) + weekly(168) + N(0,1) noise + 2 outliers, seed 7', 'synthetic', y))
    if os.path.isdir(NAB):
        cases.append(('NAB realKnownCause/nyc_taxi.csv, first 1344 rows (4 weeks at 30 min)', 'nyc_taxi', nab('realKnownCause/nyc_taxi.csv', 1344)))
    else:
        print('NAB data not found at', NAB, '- only the synthetic fixture is written', file=sys.stderr)
    periods = {'synthetic': (24, [24, 168]), 'nyc_taxi': (48, [48, 336])}
    for source, key, y in cases:
        p, ps = periods[key]
        t0 = time.perf_counter()
        robust = STL(y, period=p, robust=True).fit()
        t1 = time.perf_counter()
        plain = STL(y, period=p).fit()
        t2 = time.perf_counter()
        tr, se, re = mstl(y, ps)
        t3 = time.perf_counter()
        trr, ser, rer = mstl(y, ps, stl_kwargs={'robust': True})
        t4 = time.perf_counter()
        doc = {
            'source': source,
            'generator': 'bench/stl-reference.py',
            'statsmodels': statsmodels.__version__,
            'numpy': np.__version__,
            'values': r(y),
            'stl': {
                'params': 'STL(period=%d, seasonal=7, robust=True): trend/low_pass default, jumps 1, inner 2, outer 15' % p,
                'period': p, 'robust': True,
                'trend': r(robust.trend), 'seasonal': r(robust.seasonal), 'seconds': t1 - t0,
            },
            'stlPlain': {
                'params': 'STL(period=%d, seasonal=7, robust=False): inner 5, outer 0' % p,
                'period': p, 'robust': False,
                'trend': r(plain.trend), 'seasonal': r(plain.seasonal), 'seconds': t2 - t1,
            },
            'mstl': {
                'params': 'MSTL(periods=%s) statsmodels 0.14 algorithm: windows 7+4i, iterate 2, STL robust=False' % ps,
                'periods': ps, 'robust': False,
                'trend': r(tr), 'seasonal': [r(s) for s in se], 'seconds': t3 - t2,
            },
            'mstlRobust': {
                'params': 'MSTL(periods=%s, stl_kwargs={robust: True}): windows 7+4i, iterate 2' % ps,
                'periods': ps, 'robust': True,
                'trend': r(trr), 'seasonal': [r(s) for s in ser], 'seconds': t4 - t3,
            },
        }
        path = os.path.join(OUT, 'stl-%s.json' % key)
        with open(path, 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
        print('%-10s n=%5d  statsmodels STL robust %.1f ms, STL %.1f ms, MSTL %.1f ms, MSTL robust %.1f ms -> %s' % (
            key, len(y), 1e3 * (t1 - t0), 1e3 * (t2 - t1), 1e3 * (t3 - t2), 1e3 * (t4 - t3), os.path.relpath(path)))


main()
