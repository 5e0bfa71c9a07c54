"""What the image adds: each model's runs under several imaging conditions, paired case by case."""
