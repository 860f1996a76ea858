import sys,re,statistics,collections
d=collections.defaultdict(list)
for l in open(sys.argv[1]):
    f=l.split(); side,name=f[0],re.sub(r'-\d+$','',f[1])
    unit='ns/op'
    if name=='BenchmarkCrawl': unit='pages/s'
    if name=='BenchmarkRetag': unit='MB/s'
    v=float(f[f.index(unit)-1]); d[(name,side,unit)].append(v)
keys=sorted({(n,u) for n,_,u in d})
print(f"{'benchmark':34} {'unit':8} {'old min':>9} {'old med':>9} {'new min':>9} {'new med':>9} {'new/old med':>11} rounds")
for n,u in keys:
    o=d.get((n,'old',u),[]); w=d.get((n,'new',u),[])
    sc=1e6 if u=='ns/op' else 1
    uu='ms/op' if u=='ns/op' else u
    if not o or not w: print(n,'missing'); continue
    print(f"{n:34} {uu:8} {min(o)/sc:9.1f} {statistics.median(o)/sc:9.1f} {min(w)/sc:9.1f} {statistics.median(w)/sc:9.1f} {statistics.median(w)/statistics.median(o):11.2f} {len(o)}/{len(w)}")
