import torch


def to_images(batch_vectors, channels=3, size=32):
    return batch_vectors.reshape(-1, channels, size, size)


vectors = torch.randn(4, 3 * 28 * 28)
images = to_images(vectors)
