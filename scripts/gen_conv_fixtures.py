#!/usr/bin/python3
"""Golden outputs for the Kernel Lab's convolution core, computed by real torch (Debian's 1.13).

Run with Debian's python: `/usr/bin/python3 scripts/gen_conv_fixtures.py`. It rewrites
test/fixtures/conv/{conv2d,pool2d,interpolate,activation,errors}.json. Every case holds the
input (CHW, one torch sample), the parameters in the shape of webview/conv/types.ts, and either
torch's output or torch's error text. Floats are float32 values written in full (Python's repr of
the float32 widened to double), so the tests compare against torch's exact numbers.

Most inputs and weights are small multiples of 1/32: their products and sums are exact in float32,
so the summation order of a backend cannot matter and any difference is a semantic one. A few
cases use unrounded normal samples to cover genuinely inexact arithmetic as well.
"""
import json
import os
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(5)
# torch notes that 'same' with an even kernel copies the input; expected, and the cases want it.
warnings.filterwarnings('ignore', message='Using padding=.same. with even kernel')
OUT_DIR = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'conv')


def grid_values(*shape):
    """Random values in [-2, 2] on a 1/32 grid (exact in float32, short in JSON)."""
    return torch.randint(-64, 65, shape).float() / 32


def tensor_json(t):
    t = t.detach().float().contiguous()
    return {'shape': list(t.shape), 'data': t.flatten().tolist()}


def sample_json(x):
    """A batch of one as the CHW feature map the backends take."""
    return tensor_json(x[0])


def run(fn):
    try:
        return {'expected': sample_json(fn())}
    except RuntimeError as e:
        return {'error': str(e).split('\n')[0]}


def conv_case(name, c_in, h, w, c_out, k, stride=1, padding=0, padding_mode='zeros', dilation=1, groups=1,
              bias=False, exact=True):
    kh, kw = (k, k) if isinstance(k, int) else k
    pair = lambda v: [v, v] if isinstance(v, int) else list(v)
    x = grid_values(1, c_in, h, w) if exact else torch.randn(1, c_in, h, w)
    weight_shape = (c_out, c_in // groups, kh, kw)
    weight = grid_values(*weight_shape) / 2 if exact else torch.randn(*weight_shape) * 0.3
    b = (grid_values(c_out) if exact else torch.randn(c_out)) if bias else None

    def forward():
        if padding_mode == 'zeros':
            return F.conv2d(x, weight, b, stride, padding, dilation, groups)
        # nn.Conv2d owns the other modes (F.pad, then a conv without padding).
        layer = nn.Conv2d(c_in, c_out, (kh, kw), stride=stride, padding=padding, padding_mode=padding_mode,
                          dilation=dilation, groups=groups, bias=bias)
        with torch.no_grad():
            layer.weight.copy_(weight)
            if bias:
                layer.bias.copy_(b)
            return layer(x)

    params = {
        'weight': weight.flatten().tolist(),
        'weightShape': list(weight_shape),
        'stride': pair(stride),
        'padding': padding if isinstance(padding, str) else pair(padding),
        'paddingMode': padding_mode,
        'dilation': pair(dilation),
        'groups': groups,
    }
    if bias:
        params['bias'] = b.tolist()
    return {'name': name, 'input': sample_json(x), 'params': params, **run(forward)}


def conv_cases():
    cases = [
        conv_case('3x3 valid', 1, 8, 9, 1, 3),
        conv_case('1x1', 2, 5, 6, 3, 1),
        conv_case('stride 2 padding 1', 1, 9, 9, 1, 3, stride=2, padding=1),
        conv_case('stride (2,3) padding (1,2)', 2, 11, 13, 2, 3, stride=(2, 3), padding=(1, 2)),
        conv_case("padding 'valid'", 1, 7, 8, 1, 3, padding='valid'),
        conv_case("padding 'same' odd kernel", 1, 7, 8, 1, 3, padding='same'),
        conv_case("padding 'same' even kernel 4", 1, 7, 8, 1, 4, padding='same'),
        conv_case("padding 'same' kernel (2,5)", 2, 6, 9, 2, (2, 5), padding='same'),
        conv_case("padding 'same' dilation 2 even kernel", 1, 9, 9, 1, 2, padding='same', dilation=2),
        conv_case('dilation 2', 1, 10, 10, 1, 3, dilation=2),
        conv_case('dilation (2,3) padding 2', 1, 11, 12, 2, 3, dilation=(2, 3), padding=2),
        conv_case('groups 2', 4, 6, 7, 6, 3, groups=2, padding=1),
        conv_case('depthwise groups=3 (per-channel RGB)', 3, 9, 10, 3, 3, groups=3, padding=1),
        conv_case('bias', 3, 6, 6, 4, 3, bias=True),
        conv_case('3 -> 7 channels 5x5 bias', 3, 12, 11, 7, 5, bias=True, padding=2),
        conv_case('kernel 11x11 on 16x19', 1, 16, 19, 1, 11, padding=5),
        conv_case('kernel 7x7 stride 3', 2, 17, 15, 2, 7, stride=3),
        conv_case('even kernel 2x2 stride 2', 1, 8, 8, 1, 2, stride=2),
        conv_case('wide rectangular kernel 1x5', 1, 6, 13, 1, (1, 5), padding=(0, 2)),
        conv_case('8 -> 8 3x3 on 13x17 padding 1', 8, 13, 17, 8, 3, padding=1, bias=True),
        conv_case('width 1 input', 1, 7, 1, 1, (3, 1), padding=(1, 0)),
        conv_case('width 5 input', 2, 6, 5, 1, 3, padding=1),
        conv_case('width 7 input stride 2', 1, 9, 7, 2, 3, padding=1, stride=2),
        # Outputs at least 16 wide with odd heights reach the WASM backend's blocked kernels and their edges.
        conv_case('per-channel 5x5 on 9x37 bias (wide, odd height)', 3, 9, 37, 3, 5, padding=2, groups=3, bias=True),
        conv_case("reflect 'same' even kernel 4 on 7x35", 1, 7, 35, 1, 4, padding='same', padding_mode='reflect'),
        conv_case('horizontal dilation (1,2) on 8x40', 1, 8, 40, 1, 3, dilation=(1, 2), padding=(1, 2)),
        conv_case('3 -> 5 channels 3x3 on 6x20', 3, 6, 20, 5, 3),
        conv_case('2 -> 8 channels dilation 2 on 10x21', 2, 10, 21, 8, 3, dilation=2, padding=1, bias=True),
        conv_case('groups 2, 4 -> 8 on 7x19', 4, 7, 19, 8, 3, groups=2, padding=1),
        conv_case('1x1 16 -> 4 on 3x24', 16, 3, 24, 4, 1),
        conv_case('unrounded values 3 -> 4 3x3', 3, 10, 11, 4, 3, padding=1, bias=True, exact=False),
        conv_case('unrounded values 5x5 dilation 2 groups 2', 4, 15, 14, 2, 5, dilation=2, groups=2, exact=False),
    ]
    for mode in ('reflect', 'replicate', 'circular'):
        cases += [
            conv_case(f'{mode} padding 1', 1, 6, 7, 1, 3, padding=1, padding_mode=mode),
            conv_case(f'{mode} padding (2,3) kernel 5', 2, 7, 8, 2, 5, padding=(2, 3), padding_mode=mode),
            conv_case(f"{mode} padding 'same' even kernel 4", 1, 6, 7, 1, 4, padding='same', padding_mode=mode),
            conv_case(f'{mode} padding 2 stride 2 dilation 2', 1, 8, 9, 1, 3, padding=2, stride=2, dilation=2,
                      padding_mode=mode),
        ]
    return cases


def pool_case(name, kind, c, h, w, k, stride=None, padding=0, dilation=1, ceil_mode=False, count_include_pad=True,
              divisor_override=None, exact=True):
    pair = lambda v: [v, v] if isinstance(v, int) else list(v)
    x = grid_values(1, c, h, w) if exact else torch.randn(1, c, h, w)
    stride = k if stride is None else stride
    if kind == 'max':
        forward = lambda: F.max_pool2d(x, k, stride, padding, dilation, ceil_mode)
    else:
        forward = lambda: F.avg_pool2d(x, k, stride, padding, ceil_mode, count_include_pad, divisor_override)
    params = {
        'kind': kind,
        'kernel': pair(k),
        'stride': pair(stride),
        'padding': pair(padding),
        'dilation': pair(dilation),
        'ceilMode': ceil_mode,
        'countIncludePad': count_include_pad,
    }
    if divisor_override is not None:
        params['divisorOverride'] = divisor_override
    return {'name': name, 'input': sample_json(x), 'params': params, **run(forward)}


def pool_cases():
    cases = []
    for kind in ('max', 'avg'):
        cases += [
            pool_case(f'{kind} 2x2', kind, 2, 8, 8, 2),
            pool_case(f'{kind} 3x3 stride 1', kind, 1, 7, 9, 3, stride=1),
            pool_case(f'{kind} 3x3 stride 2 padding 1', kind, 2, 9, 10, 3, stride=2, padding=1),
            pool_case(f'{kind} (2,3) stride (1,2)', kind, 1, 7, 9, (2, 3), stride=(1, 2)),
            pool_case(f'{kind} odd size floor', kind, 1, 7, 7, 2),
            pool_case(f'{kind} ceil_mode keeps a partial window', kind, 1, 7, 7, 2, ceil_mode=True),
            pool_case(f'{kind} ceil_mode drops a window starting in the padding', kind, 1, 5, 5, 2, stride=2,
                      padding=1, ceil_mode=True),
            pool_case(f'{kind} ceil_mode 3x3 stride 2 on 6x6', kind, 1, 6, 6, 3, stride=2, ceil_mode=True),
            pool_case(f'{kind} ceil_mode stride 3 padding 1', kind, 2, 10, 8, 3, stride=3, padding=1, ceil_mode=True),
            pool_case(f'{kind} unrounded 3x3 stride 2', kind, 3, 11, 12, 3, stride=2, padding=1, exact=False),
        ]
    cases += [
        pool_case('max dilation 2', 'max', 1, 9, 9, 3, stride=1, dilation=2),
        pool_case('max dilation (2,3) padding 1', 'max', 2, 10, 11, 3, stride=2, padding=1, dilation=(2, 3)),
        pool_case('max dilation 2 ceil_mode', 'max', 1, 10, 10, 3, stride=2, dilation=2, ceil_mode=True),
        pool_case('avg count_include_pad=False', 'avg', 2, 7, 8, 3, stride=2, padding=1, count_include_pad=False),
        pool_case('avg count_include_pad=False ceil_mode', 'avg', 1, 7, 7, 3, stride=2, padding=1,
                  count_include_pad=False, ceil_mode=True),
        pool_case('avg ceil_mode partial window with count_include_pad', 'avg', 1, 7, 7, 3, stride=2, padding=1,
                  ceil_mode=True),
        pool_case('avg divisor_override 3', 'avg', 1, 6, 6, 2, divisor_override=3),
        pool_case('avg divisor_override with padding', 'avg', 1, 7, 7, 3, stride=2, padding=1, divisor_override=5),
    ]
    return cases


def interp_case(name, mode, c, h, w, size=None, scale_factor=None, align_corners=None, exact=True):
    x = grid_values(1, c, h, w) if exact else torch.randn(1, c, h, w)
    forward = lambda: F.interpolate(x, size=size, scale_factor=scale_factor, mode=mode, align_corners=align_corners)
    params = {'mode': mode}
    if size is not None:
        params['size'] = [size, size] if isinstance(size, int) else list(size)
    if scale_factor is not None:
        params['scaleFactor'] = [scale_factor, scale_factor] if isinstance(scale_factor, (int, float)) \
            else list(scale_factor)
    if align_corners is not None:
        params['alignCorners'] = align_corners
    return {'name': name, 'input': sample_json(x), 'params': params, **run(forward)}


def interpolate_cases():
    cases = [
        interp_case('nearest x2', 'nearest', 2, 4, 5, scale_factor=2),
        interp_case('nearest x3', 'nearest', 1, 3, 4, scale_factor=3),
        interp_case('nearest x1.5', 'nearest', 1, 5, 6, scale_factor=1.5),
        interp_case('nearest x2.3', 'nearest', 1, 4, 7, scale_factor=2.3),
        interp_case('nearest x(1.7, 0.6)', 'nearest', 2, 6, 10, scale_factor=(1.7, 0.6)),
        interp_case('nearest x0.5', 'nearest', 1, 9, 8, scale_factor=0.5),
        interp_case('nearest x0.3', 'nearest', 1, 10, 13, scale_factor=0.3),
        interp_case('nearest size (7, 9)', 'nearest', 1, 4, 5, size=(7, 9)),
        interp_case('nearest size (3, 4) downscale', 'nearest', 1, 10, 7, size=(3, 4)),
        interp_case('nearest size 1', 'nearest', 1, 5, 5, size=1),
    ]
    for ac in (False, True):
        cases += [
            interp_case(f'bilinear x2 align_corners={ac}', 'bilinear', 2, 4, 5, scale_factor=2, align_corners=ac),
            interp_case(f'bilinear x1.5 align_corners={ac}', 'bilinear', 1, 5, 6, scale_factor=1.5, align_corners=ac),
            interp_case(f'bilinear x2.3 align_corners={ac}', 'bilinear', 1, 4, 7, scale_factor=2.3, align_corners=ac),
            interp_case(f'bilinear x0.5 align_corners={ac}', 'bilinear', 1, 9, 8, scale_factor=0.5, align_corners=ac),
            interp_case(f'bilinear size (7, 11) align_corners={ac}', 'bilinear', 2, 4, 5, size=(7, 11),
                        align_corners=ac),
            interp_case(f'bilinear size (1, 3) align_corners={ac}', 'bilinear', 1, 5, 6, size=(1, 3),
                        align_corners=ac),
            interp_case(f'bilinear unrounded x(1.7, 0.6) align_corners={ac}', 'bilinear', 1, 6, 10,
                        scale_factor=(1.7, 0.6), align_corners=ac, exact=False),
        ]
    cases.append(interp_case('bilinear default align_corners', 'bilinear', 1, 3, 3, scale_factor=2))
    return cases


def activation_cases():
    x = torch.cat([torch.linspace(-8, 8, 65), torch.randn(60) * 3, torch.tensor([0.0, 25.0, -25.0])]).view(1, 1, 8, 16)
    specs = [
        ('relu', None, lambda t: F.relu(t)),
        ('relu6', None, lambda t: F.relu6(t)),
        ('leaky_relu', None, lambda t: F.leaky_relu(t)),
        ('leaky_relu', 0.2, lambda t: F.leaky_relu(t, 0.2)),
        ('elu', None, lambda t: F.elu(t)),
        ('elu', 0.5, lambda t: F.elu(t, 0.5)),
        ('gelu', None, lambda t: F.gelu(t)),
        ('silu', None, lambda t: F.silu(t)),
        ('mish', None, lambda t: F.mish(t)),
        ('sigmoid', None, lambda t: torch.sigmoid(t)),
        ('tanh', None, lambda t: torch.tanh(t)),
        ('hardswish', None, lambda t: F.hardswish(t)),
    ]
    cases = []
    for kind, alpha, fn in specs:
        params = {'kind': kind}
        if alpha is not None:
            params['alpha'] = alpha
        cases.append({'name': kind if alpha is None else f'{kind} {alpha}', 'input': sample_json(x), 'params': params,
                      **run(lambda: fn(x))})
    return cases


def error_cases():
    """Invalid calls: the tests expect the same error text from every backend."""
    return [
        conv_case('kernel larger than padded input', 1, 5, 5, 1, 7),
        conv_case('kernel reach with dilation larger than input', 1, 6, 6, 1, 3, dilation=3),
        conv_case('weight not divisible by groups', 2, 5, 5, 3, 3, groups=2),
        conv_case("padding 'same' with stride 2", 1, 6, 6, 1, 3, padding='same', stride=2),
        conv_case('reflect padding as large as the input', 1, 4, 6, 1, 3, padding=4, padding_mode='reflect'),
        conv_case('reflect padding too large for the width only', 1, 9, 3, 1, 3, padding=3, padding_mode='reflect'),
        conv_case('circular padding wrapping twice', 1, 4, 4, 1, 3, padding=5, padding_mode='circular'),
        pool_case('max pool padding over half the kernel', 'max', 1, 6, 6, 3, padding=2),
        pool_case('avg pool kernel larger than input', 'avg', 1, 5, 5, 7),
        pool_case('max pool dilation leaves no window', 'max', 1, 5, 5, 3, dilation=3),
        interp_case('interpolate to zero size', 'nearest', 1, 5, 5, scale_factor=0.1),
    ]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    suites = {
        'conv2d': conv_cases(),
        'pool2d': pool_cases(),
        'interpolate': interpolate_cases(),
        'activation': activation_cases(),
        'errors': error_cases(),
    }
    for name, cases in suites.items():
        ok = [c for c in cases if 'expected' in c]
        if name != 'errors' and len(ok) != len(cases):
            raise SystemExit(f'{name}: torch rejected {[c["name"] for c in cases if "error" in c]}')
        if name == 'errors' and ok:
            raise SystemExit(f'errors: torch accepted {[c["name"] for c in ok]}')
        with open(os.path.join(OUT_DIR, f'{name}.json'), 'w') as f:
            json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
            f.write('\n')


if __name__ == '__main__':
    main()
