//! Lambda function `news-scrape`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("news-scrape");
