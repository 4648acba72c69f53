import torch
import torch.nn as nn

wave = torch.randn(1, 1, 16000)
print(wave.shape)
# torch.Size([1, 1, 16000])
frontend = nn.Conv1d(1, 40, kernel_size=400, stride=160)
frames = frontend(wave)
print(frames.shape)
# torch.Size([1, 40, 100])
pooled = nn.MaxPool1d(3, stride=2)(frames)
print(pooled.shape)
# torch.Size([1, 40, 48])
