"""A YOLO-style head: predictions reshaped into (batch, anchors, grid, grid, attributes)."""
import torch
import torch.nn as nn

num_anchors = 3
num_classes = 20
attrs = 5 + num_classes

head = nn.Conv2d(128, num_anchors * attrs, kernel_size=1)
features = torch.randn(2, 128, 13, 13)
raw = head(features)
batch_size, _, grid_h, grid_w = raw.shape
pred = raw.view(batch_size, num_anchors, attrs, grid_h, grid_w).permute(0, 1, 3, 4, 2).contiguous()
xy = torch.sigmoid(pred[..., 0:2])
wh = pred[..., 2:4].exp()
objectness = torch.sigmoid(pred[..., 4])
class_probs = torch.sigmoid(pred[..., 5:])
grid_y, grid_x = torch.meshgrid(torch.arange(grid_h), torch.arange(grid_w), indexing="ij")
grid = torch.stack((grid_x, grid_y), dim=-1).view(1, 1, grid_h, grid_w, 2).float()
boxes = torch.cat((xy + grid, wh), dim=-1)
flat_boxes = boxes.view(batch_size, -1, 4)
scores, labels = class_probs.view(batch_size, -1, num_classes).max(-1)
