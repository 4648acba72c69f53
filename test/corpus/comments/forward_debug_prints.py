import torch
import torch.nn as nn

DEBUG = True


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 12, kernel_size=5, stride=2)
        self.pool = nn.MaxPool2d(3)
        self.fc = nn.Linear(12 * 4 * 4, 5)

    def forward(self, x):
        x = self.conv(x)
        if DEBUG:
            print(x.shape)
            # torch.Size([2, 12, 13, 13])
        x = self.pool(x)
        if DEBUG:
            print(x.size())
            # torch.Size([2, 12, 4, 4])
        x = x.flatten(1)
        print(x.shape)
        # torch.Size([2, 192])
        return self.fc(x)


net = Net()
out = net(torch.randn(2, 3, 31, 31))
print(out.shape)
# torch.Size([2, 5])
