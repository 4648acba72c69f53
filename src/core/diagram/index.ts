/**
 * Architecture diagrams from a model's layer graph, as standalone SVG: the LeNet figure's style
 * for a straight model, a branching graph for models with shortcuts, branches and skips.
 */
import type { LayerGraph } from '../api';
import { diagramBlocks, isChain } from './blocks';
import { renderChain } from './chain';
import { renderGraph } from './dag';

export { diagramBlocks, opLabel, shapeLabel, type DiagramBlock } from './blocks';

export function architectureSvg(title: string, graph: LayerGraph): string {
  const blocks = diagramBlocks(graph);
  const heading = graph.truncated ? `${title} (first ${graph.nodes.length} ops)` : title;
  return isChain(blocks) ? renderChain(heading, blocks) : renderGraph(heading, blocks);
}
