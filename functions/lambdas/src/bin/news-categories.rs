//! Lambda function `news-categories`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("news-categories");
