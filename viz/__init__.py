"""Network views of the graph: networkx projections and metrics, pyvis maps, exports."""
