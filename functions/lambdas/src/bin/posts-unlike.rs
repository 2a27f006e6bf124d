//! Lambda function `posts-unlike`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("posts-unlike");
