"""Layers written with explicit weights through torch.nn.functional."""
import torch
import torch.nn.functional as F

image = torch.rand(1, 1, 28, 28)
sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
kernel = sobel_x.view(1, 1, 3, 3)
edges = F.conv2d(image, kernel, padding=1)
edges_valid = F.conv2d(image, kernel)
both = torch.stack([sobel_x, sobel_x.t()]).unsqueeze(1)
gradients = F.conv2d(image, both, stride=2)
rgb = torch.rand(1, 3, 16, 16)
blur = torch.ones(3, 1, 5, 5) / 25
blurred = F.conv2d(rgb, blur, padding=2, groups=3)
signal = torch.randn(1, 2, 50)
smoothed = F.conv1d(signal, torch.ones(2, 1, 5) / 5, groups=2)
deconv = F.conv_transpose2d(rgb, torch.randn(3, 4, 2, 2), stride=2)
pooled = F.max_pool2d(F.relu(edges), 2)
avg = F.avg_pool2d(edges, kernel_size=4, stride=4)
gap = F.adaptive_avg_pool2d(rgb, (1, 1))
patches = F.unfold(rgb, kernel_size=4, stride=4)
folded = F.fold(patches, output_size=(16, 16), kernel_size=4, stride=4)
one_hot = F.one_hot(torch.tensor([0, 2, 1]), num_classes=4)
cos = F.cosine_similarity(torch.randn(5, 8), torch.randn(5, 8), dim=1)
mse = F.mse_loss(rgb, torch.zeros_like(rgb))
ce = F.cross_entropy(torch.randn(4, 10), torch.tensor([1, 0, 4, 9]))
ce_none = F.cross_entropy(torch.randn(4, 10), torch.tensor([1, 0, 4, 9]), reduction="none")
