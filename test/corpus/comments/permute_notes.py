import torch

nhwc = torch.randn(4, 28, 28, 3)
nchw = nhwc.permute(0, 3, 1, 2)  # (4, 3, 28, 28)
back = nchw.permute(0, 2, 3, 1)  # (4, 28, 3, 28)
swapped = nchw.transpose(2, 3)  # (4, 3, 28, 28)
added = nchw.unsqueeze(1)  # (4, 1, 3, 28, 28)
removed = added.squeeze()  # (4, 3, 28, 28)
kept = nchw.squeeze(1)  # (4, 28, 28)
