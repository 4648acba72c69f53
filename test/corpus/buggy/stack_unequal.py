import torch
import torch.nn.functional as F

crops = [torch.randn(3, 32, 32), torch.randn(3, 32, 32), torch.randn(3, 30, 32)]
resized = [F.interpolate(c.unsqueeze(0), size=(32, 32)).squeeze(0) for c in crops[:2]]
batch = torch.stack(resized + crops[2:])
