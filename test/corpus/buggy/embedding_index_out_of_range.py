import torch
import torch.nn as nn

vocab_size = 100
embedding = nn.Embedding(vocab_size, 16)
tokens = torch.tensor([[4, 17, 99, 100]])
vectors = embedding(tokens)
