import torch
import torch.nn as nn

cnn = nn.Sequential(nn.Conv1d(1, 32, 7, stride=2), nn.ReLU())
rnn = nn.LSTM(input_size=64, hidden_size=32, batch_first=True)
audio = torch.randn(2, 1, 400)
features = cnn(audio).transpose(1, 2)
outputs, (h, c) = rnn(features)
