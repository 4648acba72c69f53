/**
 * `LazyBatchNorm1/2/3d` and `LazyInstanceNorm1/2/3d`: a norm whose `num_features` is read from the
 * first input's dim 1 (torch reads dim 1 even of an unbatched input). Until then it has no
 * parameters (its count is unknown, as torch's `UninitializedParameter`s cannot be counted) and
 * prints itself with 0 features; afterwards it is the norm torch turns it into, with that norm's
 * repr, checks and training mode. The lazy InstanceNorms keep affine parameters and running stats
 * by default, as their shared base declares, where InstanceNorm has neither.
 */
import { normLayers } from './norm';
import { notATensor, ok, tensor, isTensor } from './common';
import type { LayerDef, LayerInstance } from './types';

function lazyNormDef(family: 'BatchNorm' | 'InstanceNorm', n: number): LayerDef {
  const eager = normLayers.find((d) => d.name === `${family}${n}d`) as LayerDef;
  const name = `Lazy${family}${n}d`;
  return {
    name,
    params: eager.params
      .filter((p) => p.name !== 'num_features')
      .map((p) => (p.name === 'affine' || p.name === 'track_running_stats' ? { ...p, default: true } : p)),
    build(args) {
      const unmaterialized = eager.build({ ...args, num_features: 0 });
      if (!unmaterialized.ok) return unmaterialized;
      const placeholder = unmaterialized.layer;
      let materialized: LayerInstance | undefined;
      const layer: LayerInstance = {
        get repr() {
          return materialized?.repr ?? placeholder.repr.replace(eager.name, name);
        },
        get params() {
          return materialized ? materialized.params : null;
        },
        get weights() {
          return materialized?.weights ?? [];
        },
        get attributes() {
          return (materialized ?? placeholder).attributes;
        },
        forwardParams: [{ name: 'input' }],
        training: true,
        forward(fwd) {
          const input = fwd.input;
          if (!isTensor(input)) return notATensor(name, input);
          if (!materialized) {
            // torch materializes from input.shape[1] before the forward checks the rank.
            if (input.shape === null || input.shape.length < 2) return ok(tensor(null));
            // torch only infers the size for parameters or buffers to make; with neither it stays 0.
            const sized = args.affine !== false || args.track_running_stats !== false;
            const built = eager.build({ ...args, num_features: sized ? input.shape[1] : 0 });
            if (!built.ok) return built;
            materialized = built.layer;
          }
          materialized.training = layer.training;
          return materialized.forward(fwd);
        },
      };
      return { ok: true, layer };
    },
  };
}

export const lazyNormLayers: LayerDef[] = [1, 2, 3].flatMap((n) => [lazyNormDef('BatchNorm', n), lazyNormDef('InstanceNorm', n)]);
