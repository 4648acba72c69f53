/**
 * The activation functions as scalar formulas, torch's definitions (gelu is the exact erf form,
 * torch's default approximate='none'; mish uses softplus with torch's threshold of 20).
 */
import type { ActivationParams } from './types';

/**
 * erf with absolute error below 1.2e-7 (Numerical Recipes' erfc Chebyshev fit); JavaScript has no
 * Math.erf and gelu must agree with torch to 1e-4.
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc : erfc - 1;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

/** The scalar function a given activation applies element-wise. */
export function activationFunction(params: ActivationParams): (x: number) => number {
  switch (params.kind) {
    case 'relu':
      return (x) => (x < 0 ? 0 : x); // NaN passes through, as in torch
    case 'relu6':
      return (x) => Math.min(Math.max(x, 0), 6);
    case 'leaky_relu': {
      const slope = params.alpha ?? 0.01;
      return (x) => (x > 0 ? x : x * slope);
    }
    case 'elu': {
      const alpha = params.alpha ?? 1;
      return (x) => (x > 0 ? x : alpha * Math.expm1(x));
    }
    case 'gelu':
      return (x) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'silu':
      return (x) => x * sigmoid(x);
    case 'mish':
      return (x) => x * Math.tanh(softplus(x));
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return Math.tanh;
    case 'hardswish':
      return (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6;
  }
}
