//! Lambda function `weather-alerts`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("weather-alerts");
