"""Kim's CNN for sentence classification: embeddings, parallel 1-D convolutions, max over time."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    def __init__(self, vocab_size=1000, embed_dim=32, num_filters=16, filter_sizes=(3, 4, 5), num_classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, num_filters, k) for k in filter_sizes])
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(num_filters * len(filter_sizes), num_classes)

    def forward(self, tokens):
        emb = self.embedding(tokens)
        emb = emb.transpose(1, 2)
        pooled = []
        for conv in self.convs:
            h = F.relu(conv(emb))
            h = F.max_pool1d(h, h.size(2)).squeeze(2)
            pooled.append(h)
        features = torch.cat(pooled, dim=1)
        return self.fc(self.dropout(features))


model = TextCNN()
tokens = torch.randint(1, 1000, (8, 40))
logits = model(tokens)
bag = nn.EmbeddingBag(1000, 12, mode="mean")
bagged = bag(tokens)
table = nn.Embedding.from_pretrained(torch.randn(50, 6))
looked_up = table(torch.tensor([[1, 2, 3]]))
single = F.embedding(torch.tensor(4), torch.randn(10, 3))
