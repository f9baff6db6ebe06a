#!/usr/bin/env python3
"""networkx side of bench_graph: loads the edge list bench_graph wrote and times the same
queries. Arguments: EDGES TIERZERO STARTS. EDGES: "u v" per line (node numbers);
TIERZERO and STARTS: one node number per line. Prints one JSON object with seconds."""
import json, sys, time
import networkx as nx

edges_file, tz_file, starts_file = sys.argv[1:4]
t0 = time.perf_counter()
G = nx.DiGraph()
with open(edges_file) as f:
    G.add_edges_from((int(a), int(b)) for a, b in (line.split() for line in f))
load = time.perf_counter() - t0
tier_zero = [int(x) for x in open(tz_file)]
starts = [int(x) for x in open(starts_file)]
SINK = -1
G.add_edges_from((t, SINK) for t in tier_zero)  # one target standing for "any Tier Zero node"

t0 = time.perf_counter()
found = 0
for s in starts:
    if s in G:
        try:
            nx.shortest_path(G, s, SINK)
            found += 1
        except nx.NetworkXNoPath:
            pass
paths = (time.perf_counter() - t0) / len(starts)

t0 = time.perf_counter()
total = 0
for s in starts[:20]:
    total += len(nx.descendants(G, s)) if s in G else 0
blast = (time.perf_counter() - t0) / min(20, len(starts))

t0 = time.perf_counter()
dist = nx.single_source_shortest_path_length(G.reverse(copy=False), SINK)
everyone = time.perf_counter() - t0
print(json.dumps({"load_s": load, "path_s": paths, "paths_found": found, "blast_s": blast,
                  "blast_total": total, "everyone_s": everyone, "reaching": len(dist) - 1 - len(tier_zero)}))
