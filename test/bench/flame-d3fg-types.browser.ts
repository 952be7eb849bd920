// The part of d3-flame-graph 5 (which ships no types) that the benchmark page uses.
declare module 'd3-flame-graph' {
  import type { Selection } from 'd3';

  export interface FlameNode {
    name: string;
    value: number;
    children?: FlameNode[];
  }

  export interface FlameGraph {
    (selection: Selection<HTMLElement, FlameNode, null, undefined>): void;
    width(px: number): FlameGraph;
    cellHeight(px: number): FlameGraph;
    transitionDuration(ms: number): FlameGraph;
    minFrameSize(px: number): FlameGraph;
    sort(on: boolean): FlameGraph;
    destroy(): void;
  }

  export default function flamegraph(): FlameGraph;
}
